using System.Text;
using Chimera.Contracts.Provenance;
using Chimera.Contracts.Validation;

namespace Chimera.Contracts.Wire;

/// <summary>
/// The one codec of a signed status entry as the four fields of a stream entry (spec §2.3, §7.2): the adapter's
/// transport writes them with <see cref="Encode{TField}"/> and the silo's receiver reads them with
/// <see cref="Decode{TField}"/>, so neither spells the fields itself. Generic over the transport's field type (a
/// Redis <c>NameValueEntry</c>, for instance) so this assembly needs no Redis client.
/// </summary>
public static class SignedEntryWire
{
    /// <summary>How many fields <see cref="Encode{TField}"/> writes.</summary>
    public const int FieldCount = 4;

    /// <summary>
    /// The four fields in their order (<c>event</c>, <c>adapter</c>, <c>kid</c>, <c>sig</c>), each value as its UTF-8
    /// bytes; a missing provenance part is written as the empty value.
    /// </summary>
    public static TField[] Encode<TField>(SignedStatusEntry entry, Func<string, ReadOnlyMemory<byte>, TField> field)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(field);
        return
        [
            field(SignedEntryFields.Event, entry.EventJson),
            field(SignedEntryFields.Adapter, Encoding.UTF8.GetBytes(entry.AdapterId ?? "")),
            field(SignedEntryFields.KeyId, Encoding.UTF8.GetBytes(entry.KeyId ?? "")),
            field(SignedEntryFields.Signature, Encoding.UTF8.GetBytes(entry.Signature ?? "")),
        ];
    }

    /// <summary>
    /// Reads the four fields, checking the entry as transport before anything is copied (spec §8.1): one of the four
    /// given twice is <see cref="RejectCodes.DuplicateKey"/> (which one would a reader take?); no <c>event</c> is
    /// <see cref="RejectCodes.MalformedEntry"/>; an event over the size limit is <see cref="RejectCodes.Oversized"/>;
    /// an over-long <c>adapter</c>, <c>kid</c> or <c>sig</c> is <see cref="RejectCodes.MalformedEntry"/>. Other fields
    /// are ignored. Only then are the (bounded) values copied out of the transport's reply.
    /// </summary>
    public static SignedStatusEntry? Decode<TField>(
        ReadOnlySpan<TField> fields,
        Func<TField, ReadOnlyMemory<byte>> name,
        Func<TField, ReadOnlyMemory<byte>> value,
        out Violation? violation)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        ReadOnlyMemory<byte>? eventJson = null, adapter = null, keyId = null, signature = null;
        string? repeated = null;
        foreach (var field in fields)
        {
            ref var slot = ref Slot(name(field).Span, ref eventJson, ref adapter, ref keyId, ref signature, out var fieldName);
            if (fieldName is null)
            {
                continue;
            }

            if (slot is not null)
            {
                repeated ??= fieldName;
            }

            slot = value(field);
        }

        violation = repeated is not null
            ? new Violation($"$entry.{repeated}", RejectCodes.DuplicateKey, $"the stream entry has the '{repeated}' field more than once; two readers could take different ones")
            : eventJson is not { } json
                ? new Violation("$entry.event", RejectCodes.MalformedEntry, "the stream entry has no 'event' field")
                : json.Length > StatusLimits.MaxEventBytes
                    ? StatusEventJson.Oversized(json.Length).Violations[0]
                    : AdapterKeyring.TooLong(SignedEntryFields.Adapter, adapter?.Length ?? 0)
                        ?? AdapterKeyring.TooLong(SignedEntryFields.KeyId, keyId?.Length ?? 0)
                        ?? AdapterKeyring.TooLong(SignedEntryFields.Signature, signature?.Length ?? 0);
        if (violation is not null)
        {
            return null;
        }

        return new SignedStatusEntry(eventJson!.Value.ToArray(), Text(adapter), Text(keyId), Text(signature));
    }

    private static string? Text(ReadOnlyMemory<byte>? bytes) => bytes is { } present ? Encoding.UTF8.GetString(present.Span) : null;

    // Which of the four slots a field name selects, compared as bytes (a binary name is never decoded).
    private static ref ReadOnlyMemory<byte>? Slot(
        ReadOnlySpan<byte> bytes,
        ref ReadOnlyMemory<byte>? eventJson,
        ref ReadOnlyMemory<byte>? adapter,
        ref ReadOnlyMemory<byte>? keyId,
        ref ReadOnlyMemory<byte>? signature,
        out string? name)
    {
        if (bytes.SequenceEqual("event"u8))
        {
            name = SignedEntryFields.Event;
            return ref eventJson;
        }

        if (bytes.SequenceEqual("adapter"u8))
        {
            name = SignedEntryFields.Adapter;
            return ref adapter;
        }

        if (bytes.SequenceEqual("kid"u8))
        {
            name = SignedEntryFields.KeyId;
            return ref keyId;
        }

        if (bytes.SequenceEqual("sig"u8))
        {
            name = SignedEntryFields.Signature;
            return ref signature;
        }

        name = null;
        return ref eventJson; // not used: the caller skips unnamed fields
    }
}
