using System.Globalization;
using System.Text;
using Chimera.Fuzzing;
using Chimera.Testing;
using CsCheck;

namespace Chimera.Tests.Fuzzing;

/// <summary>
/// Spec §8.6 as properties (CsCheck): any byte sequence is rejected with a known code, or decodes to an event whose
/// re-encoding decodes to the same event (the fuzzers' own invariants, <see cref="StatusInvariants.CheckDecode"/>).
/// Random bytes exercise the text check; a generator of near-valid events, one field at a time made hostile,
/// exercises every field rule and the round trip. A failure prints the shrunk input and the seed to replay it.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class DecodeProperties
{
    [Fact]
    public void AnyByteSequence_IsRejectedWithAKnownCode_OrRoundTrips() =>
        Gen.Byte.Array[0, 512].Sample(bytes => { StatusInvariants.CheckDecode(bytes); }, iter: 20_000);

    [Fact]
    public void AnyNearValidEvent_IsRejectedWithAKnownCode_OrRoundTrips()
    {
        var accepted = 0;
        var rejected = 0;
        EventText.Sample(text =>
        {
            if (StatusInvariants.CheckDecode(Encoding.UTF8.GetBytes(text)).IsValid)
            {
                Interlocked.Increment(ref accepted);
            }
            else
            {
                Interlocked.Increment(ref rejected);
            }
        }, iter: 20_000);

        // The generator is worth its name only if it reaches both sides of the decoder.
        accepted.ShouldBeGreaterThan(1_000);
        rejected.ShouldBeGreaterThan(1_000);
    }

    /// <summary>Random text, JSON-escaped so that any character (controls, lone surrogates) can appear in a string.</summary>
    private static readonly Gen<string> AnyString =
        Gen.Frequency(
            (3, Gen.String[Gen.Char['a', 'z'], 1, 12]),
            (1, Gen.String[Gen.Char, 0, 12]),
            (1, Gen.OneOf("", " ", "\u0000", "\ud800", "\udc00\ud800", "😀", "\u0085", "\u007f", "é", "\u2028", "a:b", "-", "x\ty")))
        .Select(Quote);

    private static readonly Gen<string> AnyNumber =
        Gen.Frequency(
            (4, Gen.Double[0, 1].Select(d => d.ToString("R", CultureInfo.InvariantCulture))),
            (1, Gen.OneOf("0", "1", "-0", "1.0", "0e0", "1e-400", "1e400", "-1e400", "1.1", "-0.1", "0.30000000000000004")));

    /// <summary>A JSON value of any kind, small.</summary>
    private static readonly Gen<string> AnyValue = Gen.OneOf(AnyString, AnyNumber, Gen.OneOf("null", "true", "false", "[]", "{}", "[1,\"a\"]", "{\"a\":{\"b\":null}}"));

    private static readonly Gen<string> Timestamp =
        Gen.Frequency(
            (6, Gen.Select(Gen.Int[0, 59], Gen.Int[0, 9_999_999], Gen.OneOf("Z", "+02:00", "-05:30", "z"), (s, f, zone) =>
                string.Create(CultureInfo.InvariantCulture, $"\"2026-02-06T12:45:{s:D2}.{f:D7}{zone}\""))),
            (1, Gen.OneOf("\"2026-02-06T12:45:00\"", "\"yesterday\"", "\"0001-01-01T00:00:00+01:00\"", "\"9999-12-31T23:59:59Z\"", "\"2026-02-30T00:00:00Z\"")),
            (1, AnyValue));

    private static readonly Gen<string> Capabilities =
        Gen.Frequency(
            (6, Gen.OneOf("video-gen:v2", "captioning:v1", "tts.en:v10", "a:v9999", "x-beta:v1").Array[0, 5].Select(a => "[" + string.Join(",", a.Distinct().Select(c => $"\"{c}\"")) + "]")),
            (1, Gen.OneOf("video-gen:v2", "Video:v1", "v:v0", "a:v01", "").Array[0, 4].Select(a => "[" + string.Join(",", a.Select(c => $"\"{c}\"")) + "]")),
            (1, AnyValue));

    /// <summary>
    /// An event built field by field: each field valid most of the time (93 %), else absent, null, or any other value; a
    /// field sometimes given twice; fields in random order; sometimes an unknown field. Influencer and source agree
    /// unless one of them was made hostile.
    /// </summary>
    private static readonly Gen<string> EventText =
        Gen.Select(Gen.OneOf("alpha", "b-2", "x.y_z:1", "A"), Gen.Int[0, 99].Array[14], Gen.Int[0, 3], Gen.Int[0, 13], AnyValue.Array[14], Timestamp, Capabilities)
        .Select(t =>
        {
            var (influencer, dice, duplicates, duplicated, hostile, timestamp, capabilities) = t;
            string Field(int i, string name, string valid)
            {
                var value = dice[i] switch
                {
                    < 93 => valid,
                    < 95 => null,
                    < 96 => "null",
                    _ => hostile[i],
                };
                return value is null ? "" : $"\"{name}\":{value}";
            }

            var payload = new[]
            {
                Field(0, "influencer_id", $"\"{influencer}\""),
                Field(1, "status", "\"online\""),
                Field(2, "capabilities", capabilities),
                Field(3, "current_task", dice[3] % 3 == 0 ? "{\"task_id\":\"t\",\"n\":[1,2]}" : "\"render\""),
                Field(4, "load", "0.21"),
                Field(5, "confidence", "0.98"),
                Field(6, "schema_version", "\"mcp.perception.v1\""),
                Field(7, "spec_reference", "\"specs/openclaw_integration.md\""),
            }.Where(f => f.Length > 0).ToList();
            var envelope = new[]
            {
                Field(8, "id", "\"influencer-status-1\""),
                Field(9, "source", $"\"worker/influencer.{influencer}\""),
                Field(10, "timestamp", timestamp),
                Field(11, "type", "\"influencer.status.v1\""),
                Field(12, "relevance_score", "0.75"),
                Field(13, "trace_id", "\"trace-1\""),
                dice[0] % 7 == 0 ? "\"extra\":" + hostile[0] : "",
            }.Where(f => f.Length > 0).ToList();
            if (duplicates == 0)
            {
                var all = duplicated < 8 ? payload : envelope;
                if (all.Count > 0)
                {
                    all.Add(all[duplicated % all.Count]);
                }
            }

            envelope.Add("\"payload\":{" + string.Join(",", Shuffle(payload, dice[1])) + "}");
            return "{" + string.Join(",", Shuffle(envelope, dice[2])) + "}";
        });

    private static IEnumerable<string> Shuffle(List<string> items, int seed) => items.OrderBy(i => HashCode.Combine(i, seed));

    /// <summary>A JSON string literal of <paramref name="text"/>: escapes every character outside printable ASCII as \uXXXX, so lone surrogates survive as escapes.</summary>
    private static string Quote(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in text)
        {
            if (c is >= ' ' and < (char)0x7F && c is not '"' and not '\\')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
        }

        return builder.Append('"').ToString();
    }
}
