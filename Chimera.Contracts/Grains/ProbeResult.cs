namespace Chimera.Contracts.Grains;

/// <summary>The answer to a probe: did the influencer do the small task correctly.</summary>
[GenerateSerializer, Immutable]
public sealed record ProbeResult(
    [property: Id(0)] string ProbeId,
    [property: Id(1)] bool Passed,
    [property: Id(2)] string? Detail,
    [property: Id(3)] DateTimeOffset ReportedAt);
