namespace Chimera.Postgres.Tests.Providers;

/// <summary>Test grain: one persistent value in the influencer storage provider.</summary>
public interface IStateProbeGrain : IGrainWithStringKey
{
    Task SetAsync(string value);

    Task<string?> GetAsync();

    Task ClearAsync();

    /// <summary>Forgets the in-memory copy and reads storage again.</summary>
    Task<string?> ReloadAsync();
}
