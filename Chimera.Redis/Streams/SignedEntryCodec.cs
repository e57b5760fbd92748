using Chimera.Contracts.Provenance;
using Chimera.Contracts.Validation;
using Chimera.Contracts.Wire;
using StackExchange.Redis;

namespace Chimera.Redis.Streams;

/// <summary>
/// A signed status entry as Redis stream fields, both ways: the Redis binding of <see cref="SignedEntryWire"/>, the
/// one codec the adapter's transport shares (spec §2.3, §7.2). The receiver decodes with it; the silo's own
/// publisher (<c>IStatusIngestGrain</c> on the Redis profile) encodes with it.
/// </summary>
internal static class SignedEntryCodec
{
    public static NameValueEntry[] ToFields(SignedStatusEntry entry) =>
        SignedEntryWire.Encode(entry, static (name, value) => new NameValueEntry(name, value));

    /// <summary>See <see cref="SignedEntryWire.Decode{TField}"/>: the entry, or null and the transport violation.</summary>
    public static SignedStatusEntry? FromFields(NameValueEntry[] fields, out Violation? violation) =>
        SignedEntryWire.Decode<NameValueEntry>(fields, static f => Bytes(f.Name), static f => Bytes(f.Value), out violation);

    private static ReadOnlyMemory<byte> Bytes(RedisValue value) => value.IsNull ? ReadOnlyMemory<byte>.Empty : (ReadOnlyMemory<byte>)value;
}
