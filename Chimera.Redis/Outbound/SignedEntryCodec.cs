using Chimera.Contracts.Provenance;
using Chimera.Contracts.Validation;
using Chimera.Contracts.Wire;
using StackExchange.Redis;

namespace Chimera.Redis.Outbound;

/// <summary>A signed status entry as Redis stream fields (spec §2.3, §7.2), both ways.</summary>
internal static class SignedEntryCodec
{
    public static NameValueEntry[] ToFields(SignedStatusEntry entry) =>
    [
        new(SignedEntryFields.Event, entry.EventJson),
        new(SignedEntryFields.Adapter, entry.AdapterId ?? ""),
        new(SignedEntryFields.KeyId, entry.KeyId ?? ""),
        new(SignedEntryFields.Signature, entry.Signature ?? ""),
    ];

    /// <summary>
    /// Reads the four fields, checking the entry as transport before anything is copied (spec §8.1): one of the four
    /// given twice is <see cref="RejectCodes.DuplicateKey"/> (which one would a reader take?); no <c>event</c> is
    /// <see cref="RejectCodes.MalformedEntry"/>; an event over the size limit is <see cref="RejectCodes.Oversized"/>;
    /// an over-long <c>adapter</c>, <c>kid</c> or <c>sig</c> is <see cref="RejectCodes.MalformedEntry"/>. Other fields
    /// are ignored. Only then are the (bounded) values copied out of the Redis reply.
    /// </summary>
    public static SignedStatusEntry? FromFields(NameValueEntry[] fields, out Violation? violation)
    {
        RedisValue eventJson = RedisValue.Null, adapter = RedisValue.Null, keyId = RedisValue.Null, signature = RedisValue.Null;
        string? repeated = null;
        foreach (var field in fields)
        {
            ref var slot = ref Slot(field.Name, ref eventJson, ref adapter, ref keyId, ref signature, out var name);
            if (name is null)
            {
                continue;
            }

            if (!slot.IsNull)
            {
                repeated ??= name;
            }

            slot = field.Value;
        }

        violation = repeated is not null
            ? new Violation($"$entry.{repeated}", RejectCodes.DuplicateKey, $"the stream entry has the '{repeated}' field more than once; two readers could take different ones")
            : eventJson.IsNull
                ? new Violation("$entry.event", RejectCodes.MalformedEntry, "the stream entry has no 'event' field")
                : eventJson.Length() > StatusLimits.MaxEventBytes
                    ? StatusEventJson.Oversized(eventJson.Length()).Violations[0]
                    : AdapterKeyring.TooLong(SignedEntryFields.Adapter, adapter.IsNull ? 0 : adapter.Length())
                        ?? AdapterKeyring.TooLong(SignedEntryFields.KeyId, keyId.IsNull ? 0 : keyId.Length())
                        ?? AdapterKeyring.TooLong(SignedEntryFields.Signature, signature.IsNull ? 0 : signature.Length());
        if (violation is not null)
        {
            return null;
        }

        return new SignedStatusEntry((byte[])eventJson!, (string?)adapter, (string?)keyId, (string?)signature);
    }

    // Which of the four slots a field name selects, compared as bytes (a binary name is never decoded).
    private static ref RedisValue Slot(RedisValue fieldName, ref RedisValue eventJson, ref RedisValue adapter, ref RedisValue keyId, ref RedisValue signature, out string? name)
    {
        var bytes = fieldName.IsNull || fieldName.Length() > 8 ? default : ((ReadOnlyMemory<byte>)fieldName).Span;
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
