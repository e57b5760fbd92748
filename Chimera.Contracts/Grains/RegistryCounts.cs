namespace Chimera.Contracts.Grains;

/// <summary>Counts of the live registry by effective status (wire names) and by capability name.</summary>
[GenerateSerializer, Immutable]
public sealed record RegistryCounts(
    [property: Id(0)] int Total,
    [property: Id(1)] IReadOnlyDictionary<string, int> ByStatus,
    [property: Id(2)] IReadOnlyDictionary<string, int> ByCapability,
    [property: Id(3)] DateTimeOffset At);
