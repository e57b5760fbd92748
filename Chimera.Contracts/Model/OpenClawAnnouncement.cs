namespace Chimera.Contracts.Model;

/// <summary>
/// The public profile for the OpenClaw mesh (spec §6): exactly these five fields. No provenance, trace
/// ids, tokens, load or internal capabilities, by construction.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record OpenClawAnnouncement(
    [property: Id(0)] string InfluencerId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] IReadOnlyList<string> CapabilitiesPublic,
    [property: Id(3)] DateTimeOffset LastSeen,
    [property: Id(4)] double TrustScore);
