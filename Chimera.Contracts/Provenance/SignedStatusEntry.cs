namespace Chimera.Contracts.Provenance;

/// <summary>
/// One status event as an adapter publishes it: the exact JSON bytes plus the adapter's provenance
/// (spec §7). The signature covers the bytes as sent, so the JSON needs no canonical form. In Redis the
/// four parts are the fields of one stream entry, named by <see cref="SignedEntryFields"/>.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SignedStatusEntry(
    [property: Id(0)] byte[] EventJson,
    [property: Id(1)] string? AdapterId,
    [property: Id(2)] string? KeyId,
    [property: Id(3)] string? Signature);
