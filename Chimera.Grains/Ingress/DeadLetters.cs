using System.Text;
using Chimera.Contracts.Provenance;

namespace Chimera.Grains.Ingress;

/// <summary>Helpers for building dead letters from entries as received.</summary>
public static class DeadLetters
{
    /// <summary>The entry's fields as an adapter would have sent them to Redis (the event as UTF-8 text).</summary>
    public static IReadOnlyDictionary<string, string> FieldsOf(SignedStatusEntry entry)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [SignedEntryFields.Event] = Encoding.UTF8.GetString(entry.EventJson),
        };
        if (entry.AdapterId is not null)
        {
            fields[SignedEntryFields.Adapter] = entry.AdapterId;
        }

        if (entry.KeyId is not null)
        {
            fields[SignedEntryFields.KeyId] = entry.KeyId;
        }

        if (entry.Signature is not null)
        {
            fields[SignedEntryFields.Signature] = entry.Signature;
        }

        return fields;
    }
}
