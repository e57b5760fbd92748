using Chimera.Contracts.Grains;

namespace Chimera.Client;

/// <summary>One poll of <see cref="IChimeraClient.WatchAsync"/>: the counts and the first rows of the registry.</summary>
public sealed record RegistrySnapshot(
    RegistryCounts Counts,
    IReadOnlyList<InfluencerSummary> Rows,
    DateTimeOffset PolledAt,
    int Sequence);
