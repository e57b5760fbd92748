using System.Buffers;
using System.Text.Json;
using Chimera.Contracts.Model;
using Chimera.Contracts.Validation;
using Chimera.Contracts.Wire;

namespace Chimera.Fuzzing;

/// <summary>
/// The invariants of spec §8.6, shared by the fuzz targets, the corpus replay and the property tests. Each method
/// throws <see cref="InvariantException"/> when one breaks for the input it is given.
/// </summary>
public static class StatusInvariants
{
    /// <summary>The built-in ratified list, the one a default silo uses.</summary>
    public static IRatifiedSpecs Specs { get; } = RatifiedSpecs.Embedded();

    /// <summary>
    /// Decoding <paramref name="bytes"/>: never throws; exactly one of event and violations; violations well-formed;
    /// an accepted event is storable and re-encodes to bytes that decode to the same event, and encoding is a fixed
    /// point; the peek agrees with the decoder.
    /// </summary>
    public static DecodeResult CheckDecode(ReadOnlySpan<byte> bytes)
    {
        var copy = bytes.ToArray();
        var result = StatusEventJson.Decode(copy, Specs);
        var peek = StatusEventJson.PeekInfluencerId(copy);
        if (result.IsValid)
        {
            Assert.True(result.Violations.Count == 0, "a valid result has no violations");
            CheckEvent(result.Event);
            Assert.Equal(result.Event.InfluencerId, peek, "PeekInfluencerId of a valid event is its influencer id");
            var encoded = StatusEventJson.Encode(result.Event);
            var again = StatusEventJson.Decode(encoded, Specs);
            Assert.True(again.IsValid, "the re-encoded event decodes: " + string.Join("; ", again.Violations));
            Assert.True(SameEvent(result.Event, again.Event!), "the re-encoded event decodes to the same event");
            Assert.True(StatusEventJson.Encode(again.Event!).AsSpan().SequenceEqual(encoded), "encoding is a fixed point");
        }
        else
        {
            CheckViolations(result.Violations, bytes.Length);
        }

        var twice = StatusEventJson.Decode(copy, Specs);
        Assert.True(twice.IsValid == result.IsValid && twice.Violations.Select(v => (v.Path, v.Code)).SequenceEqual(result.Violations.Select(v => (v.Path, v.Code))),
            "decoding is deterministic");
        return result;
    }

    /// <summary>Every violation list: 1 to MaxViolations entries, known codes, storable paths and messages; stand-alone codes alone; oversized exactly when too big.</summary>
    public static void CheckViolations(IReadOnlyList<Violation> violations, int length)
    {
        Assert.True(violations.Count is > 0 and <= StatusLimits.MaxViolations, $"1 to {StatusLimits.MaxViolations} violations, not {violations.Count}");
        foreach (var v in violations)
        {
            Assert.True(RejectCodes.All.Contains(v.Code), $"'{v.Code}' is a known reject code");
            Assert.True(v.Path.Length is > 0 and <= 1024 && TextRules.IsStorable(v.Path), "the path is non-empty, bounded and storable");
            Assert.True(v.Message.Length is > 0 and <= 2048 && TextRules.IsStorable(v.Message), "the message is non-empty, bounded and storable");
            if (v.Code is RejectCodes.MalformedJson or RejectCodes.Oversized)
            {
                Assert.True(violations.Count == 1, $"{v.Code} stands alone");
            }
        }

        Assert.True((length > StatusLimits.MaxEventBytes) == (violations[0].Code == RejectCodes.Oversized), "oversized_event exactly when the input is over the limit");
        CheckDeadLetterRendering(violations);
    }

    /// <summary>An accepted event holds only what every store takes: storable strings, ids in their alphabet, finite units, UTC time.</summary>
    public static void CheckEvent(StatusEvent e)
    {
        Assert.True(Identifiers.IsValid(e.EventId, StatusLimits.MaxEventIdLength), "id is in its alphabet and length");
        Assert.True(Identifiers.IsValid(e.InfluencerId, StatusLimits.MaxInfluencerIdLength), "influencer_id is in its alphabet and length");
        Assert.True(e.Source == "worker/influencer." + e.InfluencerId, "source names the influencer");
        foreach (var text in new[] { e.Source, e.SpecReference, e.CurrentTask ?? "", e.TraceId ?? "" })
        {
            Assert.True(TextRules.IsStorable(text), "every string is storable (no control character, no lone surrogate)");
        }

        Assert.True(e.CurrentTask is null or { Length: > 0 and <= StatusLimits.MaxCurrentTaskLength }, "current_task is bounded");
        Assert.True(e.TraceId is null or { Length: > 0 and <= StatusLimits.MaxTraceIdLength }, "trace_id is bounded and never empty");
        foreach (var unit in new[] { e.Load, e.Confidence, e.RelevanceScore })
        {
            Assert.True(double.IsFinite(unit) && unit is >= 0 and <= 1, "units are finite and in [0, 1]");
        }

        Assert.True(e.Timestamp.Offset == TimeSpan.Zero, "timestamps are UTC");
        Assert.True(e.Capabilities.Count <= StatusLimits.MaxCapabilities && e.Capabilities.Distinct().Count() == e.Capabilities.Count, "capabilities are bounded and distinct");
        foreach (var c in e.Capabilities)
        {
            Assert.True(Capability.TryParse(c.ToString(), out var again, out _) && again == c, "every capability re-parses to itself");
        }
    }

    /// <summary>Field by field (the record compares its capability list by reference).</summary>
    public static bool SameEvent(StatusEvent a, StatusEvent b) =>
        a.EventId == b.EventId && a.Source == b.Source && a.Timestamp == b.Timestamp && a.Timestamp.Offset == b.Timestamp.Offset
        && a.InfluencerId == b.InfluencerId && a.Status == b.Status && a.Capabilities.SequenceEqual(b.Capabilities)
        && a.CurrentTask == b.CurrentTask && a.Load.Equals(b.Load) && a.Confidence.Equals(b.Confidence)
        && a.RelevanceScore.Equals(b.RelevanceScore) && a.SpecReference == b.SpecReference && a.TraceId == b.TraceId
        && a.Provenance == b.Provenance;

    /// <summary>The violations as a dead letter writes them (JSON) read back unchanged: nothing in them is replaced or refused.</summary>
    private static void CheckDeadLetterRendering(IReadOnlyList<Violation> violations)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var v in violations)
            {
                writer.WriteStartObject();
                writer.WriteString("path", v.Path);
                writer.WriteString("message", v.Message);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        var i = 0;
        foreach (var item in document.RootElement.EnumerateArray())
        {
            Assert.Equal(violations[i].Path, item.GetProperty("path").GetString(), "a path survives JSON rendering");
            Assert.Equal(violations[i].Message, item.GetProperty("message").GetString(), "a message survives JSON rendering");
            i++;
        }
    }
}
