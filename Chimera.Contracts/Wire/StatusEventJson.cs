using System.Buffers;
using System.Text.Json;
using Chimera.Contracts.Model;
using Chimera.Contracts.Spec;
using Chimera.Contracts.Validation;

namespace Chimera.Contracts.Wire;

/// <summary>
/// The JSON wire format of <c>influencer.status.v1</c> in the <c>mcp.perception.v1</c> envelope, exactly
/// the seed's field names (spec §2). <c>Decode</c> validates while it reads and reports every
/// violation at once, each with its JSON path and a <see cref="RejectCodes">reason code</see>.
/// </summary>
/// <remarks>
/// Decoding is total (spec §8.4): for every byte sequence it returns an event or violations and never throws.
/// The fuzzers in <c>tests/Chimera.Fuzzing</c> check that, and that every accepted event re-encodes to bytes that
/// decode to the same event.
/// </remarks>
public static class StatusEventJson
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = StatusLimits.MaxDepth };

    /// <summary>Decodes and validates one event. Never throws for bad input; throws only for a null spec list.</summary>
    public static DecodeResult Decode(ReadOnlyMemory<byte> utf8Json, IRatifiedSpecs ratifiedSpecs)
    {
        ArgumentNullException.ThrowIfNull(ratifiedSpecs);
        if (utf8Json.Length > StatusLimits.MaxEventBytes)
        {
            return Oversized(utf8Json.Length);
        }

        // One pass over the raw text first: invalid UTF-8, unpaired surrogate escapes, control characters and
        // duplicate keys never reach JsonDocument's lookups (which would throw, or pick one of two values).
        var textViolations = JsonTextCheck.Check(utf8Json.Span);
        if (textViolations is not null)
        {
            return DecodeResult.Invalid(textViolations);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            // Unreachable after the text check (same reader rules); kept so decoding stays total regardless.
            return DecodeResult.Invalid([new Violation("$", RejectCodes.MalformedJson, $"not valid JSON: {TextRules.Quote(ex.Message, 200)}")]);
        }

        using (document)
        {
            var reader = new StatusEventReader();
            var result = reader.Read(document.RootElement, ratifiedSpecs);
            return result is null ? DecodeResult.Invalid(reader.Violations) : DecodeResult.Valid(result);
        }
    }

    /// <summary>Decodes a UTF-16 string (tests, CLI); the size limit applies to its UTF-8 form.</summary>
    public static DecodeResult Decode(string json, IRatifiedSpecs ratifiedSpecs) =>
        Decode(System.Text.Encoding.UTF8.GetBytes(json), ratifiedSpecs);

    /// <summary>The one violation of an event over <see cref="StatusLimits.MaxEventBytes"/> (also used before its bytes are copied).</summary>
    public static DecodeResult Oversized(long length) =>
        DecodeResult.Invalid([new Violation("$", RejectCodes.Oversized, $"event is {length} bytes; the limit is {StatusLimits.MaxEventBytes}")]);

    /// <summary>Writes <paramref name="value"/> in the wire format (what an adapter publishes).</summary>
    public static byte[] Encode(StatusEvent value)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", value.EventId);
            writer.WriteString("source", value.Source);
            writer.WriteString("timestamp", WireTime.ToWire(value.Timestamp));
            writer.WriteString("type", PerceptionNames.StatusEventType);
            writer.WritePropertyName("payload");
            writer.WriteStartObject();
            writer.WriteString("influencer_id", value.InfluencerId);
            writer.WriteString("status", value.Status.ToWire());
            writer.WriteStartArray("capabilities");
            foreach (var capability in value.Capabilities)
            {
                writer.WriteStringValue(capability.ToString());
            }

            writer.WriteEndArray();
            if (value.CurrentTask is null)
            {
                writer.WriteNull("current_task");
            }
            else
            {
                writer.WriteString("current_task", value.CurrentTask);
            }

            writer.WriteNumber("load", value.Load);
            writer.WriteNumber("confidence", value.Confidence);
            writer.WriteString("schema_version", PerceptionNames.SchemaVersion);
            writer.WriteString("spec_reference", value.SpecReference);
            writer.WriteEndObject();
            writer.WriteNumber("relevance_score", value.RelevanceScore);
            if (value.TraceId is not null)
            {
                writer.WriteString("trace_id", value.TraceId);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Reads the influencer id without full validation, for diagnostics (which partition an entry is in).
    /// Returns null when there is none to read; never throws. Not a trust decision: only <c>Decode</c> is.
    /// </summary>
    public static string? PeekInfluencerId(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.Length > StatusLimits.MaxEventBytes || JsonTextCheck.Check(utf8Json) is not null)
        {
            // Not one readable meaning: an invalid text, or duplicate keys (e.g. two payload.influencer_id).
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(utf8Json);
            var depth = 0;
            var inPayload = false;
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        depth++;
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        depth--;
                        if (depth == 1)
                        {
                            inPayload = false;
                        }

                        break;
                    case JsonTokenType.PropertyName when depth == 1 && reader.ValueTextEquals("payload"u8):
                        inPayload = true;
                        break;
                    case JsonTokenType.PropertyName when depth == 2 && inPayload && reader.ValueTextEquals("influencer_id"u8):
                        reader.Read();
                        return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
            }
        }
        catch (JsonException)
        {
            // Malformed: there is no id to peek.
        }

        return null;
    }
}
