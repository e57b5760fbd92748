using Chimera.Contracts.Provenance;
using Chimera.Contracts.Validation;
using StackExchange.Redis;

namespace Chimera.Redis.Outbound;

/// <summary>A signed status entry as Redis stream fields (spec §7.2), both ways.</summary>
internal static class SignedEntryCodec
{
    public static NameValueEntry[] ToFields(SignedStatusEntry entry) =>
    [
        new(SignedEntryFields.Event, entry.EventJson),
        new(SignedEntryFields.Adapter, entry.AdapterId ?? ""),
        new(SignedEntryFields.KeyId, entry.KeyId ?? ""),
        new(SignedEntryFields.Signature, entry.Signature ?? ""),
    ];

    /// <summary>Reads the four fields; an entry without <c>event</c> is transport damage (<see cref="RejectCodes.MalformedEntry"/>).</summary>
    public static SignedStatusEntry? FromFields(NameValueEntry[] fields, out Violation? violation)
    {
        byte[]? eventJson = null;
        string? adapter = null, keyId = null, signature = null;
        foreach (var field in fields)
        {
            var name = (string?)field.Name;
            switch (name)
            {
                case SignedEntryFields.Event:
                    eventJson = (byte[]?)field.Value;
                    break;
                case SignedEntryFields.Adapter:
                    adapter = field.Value;
                    break;
                case SignedEntryFields.KeyId:
                    keyId = field.Value;
                    break;
                case SignedEntryFields.Signature:
                    signature = field.Value;
                    break;
            }
        }

        if (eventJson is null)
        {
            violation = new Violation("$entry.event", RejectCodes.MalformedEntry, "the stream entry has no 'event' field");
            return null;
        }

        violation = null;
        return new SignedStatusEntry(eventJson, adapter, keyId, signature);
    }
}
