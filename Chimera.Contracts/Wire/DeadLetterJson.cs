using System.Buffers;
using System.Text;
using System.Text.Json;
using Chimera.Contracts.Spec;
using Chimera.Contracts.Validation;

namespace Chimera.Contracts.Wire;

/// <summary>
/// The fields of a letter on <see cref="PerceptionNames.DeadLetterTopic"/> and its <c>violations</c> document
/// (spec §8.3). What a letter keeps of the rejected entry is bounded by <c>Chimera.Core.Ingress.DeadLetters</c>.
/// </summary>
public static class DeadLetterJson
{
    /// <summary>The letter's headline code (first violation).</summary>
    public const string ReasonField = "reason";

    /// <summary>JSON array of <c>{path, code, message}</c>.</summary>
    public const string ViolationsField = "violations";

    /// <summary><c>&lt;stream key&gt;/&lt;entry id&gt;</c>, or <c>ingest-grain</c>.</summary>
    public const string OriginField = "origin";

    /// <summary>ISO-8601 UTC (<see cref="WireTime"/>).</summary>
    public const string RejectedAtField = "rejected_at";

    /// <summary>Present only when original fields were cut or left out; says what.</summary>
    public const string TruncatedField = "truncated";

    /// <summary>
    /// True for <paramref name="name"/> (UTF-8) spelling one of the letter's own fields: an original entry field of that
    /// name would make the letter ambiguous, so it is left out of the copy.
    /// </summary>
    public static bool IsLetterField(ReadOnlySpan<byte> name) =>
        Ascii.Equals(name, ReasonField) || Ascii.Equals(name, ViolationsField) || Ascii.Equals(name, OriginField)
        || Ascii.Equals(name, RejectedAtField) || Ascii.Equals(name, TruncatedField);

    /// <summary>
    /// The <c>violations</c> array: at most <see cref="StatusLimits.MaxViolations"/> entries, every string quoted
    /// (<see cref="TextRules.Quote"/>), because a message or path from elsewhere than the gate may still carry what a
    /// letter must not.
    /// </summary>
    public static byte[] EncodeViolations(IReadOnlyList<Violation> violations)
    {
        ArgumentNullException.ThrowIfNull(violations);
        var count = Math.Min(violations.Count, StatusLimits.MaxViolations);
        var buffer = new ArrayBufferWriter<byte>(128 * Math.Max(1, count));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            for (var i = 0; i < count; i++)
            {
                writer.WriteStartObject();
                writer.WriteString("path", TextRules.Quote(violations[i].Path ?? "", 512));
                writer.WriteString("code", TextRules.Quote(violations[i].Code ?? "", 64));
                writer.WriteString("message", TextRules.Quote(violations[i].Message ?? "", 1024));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
