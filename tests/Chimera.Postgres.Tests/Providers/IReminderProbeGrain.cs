namespace Chimera.Postgres.Tests.Providers;

/// <summary>Test grain: registers, lists and removes reminders (never relies on them firing).</summary>
public interface IReminderProbeGrain : IGrainWithStringKey
{
    Task RegisterAsync(string name);

    Task<string[]> ListAsync();

    Task UnregisterAsync(string name);
}
