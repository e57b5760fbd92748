using Chimera.Contracts.Model;

namespace Chimera.Contracts.Grains;

/// <summary>A scheduled probe (a small Agent Task that verifies capabilities before high-cost work, spec §5).</summary>
[GenerateSerializer, Immutable]
public sealed record ProbeTicket(
    [property: Id(0)] string ProbeId,
    [property: Id(1)] string InfluencerId,
    [property: Id(2)] IReadOnlyList<Capability> Capabilities,
    [property: Id(3)] DateTimeOffset ScheduledAt,
    [property: Id(4)] string Reason);
