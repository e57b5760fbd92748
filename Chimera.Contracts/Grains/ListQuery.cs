using Chimera.Contracts.Model;

namespace Chimera.Contracts.Grains;

/// <summary>A registry listing filter: by effective status and/or a capability requirement; ordered by influencer id.</summary>
[GenerateSerializer, Immutable]
public sealed record ListQuery(
    [property: Id(0)] InfluencerStatus? Status = null,
    [property: Id(1)] Capability? Capability = null,
    [property: Id(2)] int Limit = 100,
    [property: Id(3)] string? After = null)
{
    public const int MaxLimit = 1000;
}
