namespace Chimera.Contracts.Model;

/// <summary>
/// Who vouched for an event: the adapter and the key it signed with. Internal metadata: it is audited,
/// and never leaves the cluster in a public announce (spec §7).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AdapterProvenance(
    [property: Id(0)] string AdapterId,
    [property: Id(1)] string KeyId);
