using System.Globalization;
using System.Text;
using Chimera.Contracts.Provenance;
using Chimera.Contracts.Validation;
using Chimera.Contracts.Wire;

namespace Chimera.Core.Ingress;

/// <summary>
/// What a dead letter keeps of the entry it reports (spec §8.3). The original fields are copied byte for byte,
/// but bounded, because the entry is hostile by assumption: at most <see cref="MaxOriginalFields"/> fields, names
/// of at most <see cref="MaxFieldNameBytes"/> bytes, values of at most <see cref="MaxFieldValueBytes"/>; a field named
/// like one of the letter's own fields is left out. Whatever was cut is described in <see cref="TruncatedField"/>.
/// </summary>
public static class DeadLetters
{
    /// <summary>See <see cref="DeadLetterJson.ReasonField"/>.</summary>
    public const string ReasonField = DeadLetterJson.ReasonField;

    /// <summary>See <see cref="DeadLetterJson.ViolationsField"/>.</summary>
    public const string ViolationsField = DeadLetterJson.ViolationsField;

    /// <summary>See <see cref="DeadLetterJson.OriginField"/>.</summary>
    public const string OriginField = DeadLetterJson.OriginField;

    /// <summary>See <see cref="DeadLetterJson.RejectedAtField"/>.</summary>
    public const string RejectedAtField = DeadLetterJson.RejectedAtField;

    /// <summary>See <see cref="DeadLetterJson.TruncatedField"/>.</summary>
    public const string TruncatedField = DeadLetterJson.TruncatedField;

    /// <summary>Most original fields kept (a real entry has four).</summary>
    public const int MaxOriginalFields = 16;

    /// <summary>Longest original field name kept, in bytes (longer names are cut).</summary>
    public const int MaxFieldNameBytes = 64;

    /// <summary>Longest original field value kept, in bytes: the event size limit, so a valid-sized event is kept whole.</summary>
    public const int MaxFieldValueBytes = StatusLimits.MaxEventBytes;

    /// <summary>The origin of letters written by the in-cluster ingest grain.</summary>
    public const string IngestGrainOrigin = "ingest-grain";

    /// <summary>True for names the letter itself uses: an original field of that name would make the letter ambiguous.</summary>
    public static bool IsReserved(ReadOnlySpan<byte> name) => DeadLetterJson.IsLetterField(name);

    /// <summary>
    /// The entry's fields as an adapter would have sent them to Redis, bounded as above (the event is cut, not
    /// copied whole, when it is oversized).
    /// </summary>
    public static IReadOnlyList<DeadLetterField> FieldsOf(SignedStatusEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var fields = new List<DeadLetterField>(4);
        if (entry.EventJson is { } json)
        {
            fields.Add(new DeadLetterField(SignedEntryFields.Event, json.AsMemory(0, Math.Min(json.Length, MaxFieldValueBytes))));
        }

        Add(fields, SignedEntryFields.Adapter, entry.AdapterId);
        Add(fields, SignedEntryFields.KeyId, entry.KeyId);
        Add(fields, SignedEntryFields.Signature, entry.Signature);
        return fields;
    }

    /// <summary>The <see cref="TruncatedField"/> text, or null when nothing was cut.</summary>
    public static string? DescribeTruncation(IReadOnlyList<string> cut, int dropped, int total)
    {
        if (cut.Count == 0 && dropped == 0)
        {
            return null;
        }

        var text = new StringBuilder();
        foreach (var item in cut)
        {
            text.Append(text.Length == 0 ? "" : "; ").Append(item);
        }

        if (dropped > 0)
        {
            text.Append(text.Length == 0 ? "" : "; ")
                .Append(string.Create(CultureInfo.InvariantCulture, $"{dropped} of {total} original fields left out (more than {MaxOriginalFields}, or named like a dead-letter field)"));
        }

        return text.ToString();
    }

    /// <summary>How a cut value is described in <see cref="TruncatedField"/>.</summary>
    public static string DescribeCut(string what, long length, int kept) =>
        string.Create(CultureInfo.InvariantCulture, $"{what} cut from {length} to {kept} bytes");

    private static void Add(List<DeadLetterField> fields, string name, string? value)
    {
        if (value is null)
        {
            return;
        }

        // A string of n characters is at most 3n UTF-8 bytes: cut it first so a hostile id is never encoded whole.
        var text = value.Length > MaxFieldValueBytes ? value[..MaxFieldValueBytes] : value;
        var bytes = Encoding.UTF8.GetBytes(text);
        fields.Add(new DeadLetterField(name, bytes.AsMemory(0, Math.Min(bytes.Length, MaxFieldValueBytes))));
    }
}
