using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Chimera.Contracts.Model;
using Chimera.Contracts.Spec;
using Chimera.Contracts.Validation;

namespace Chimera.Contracts.Wire;

/// <summary>
/// Reads one decoded JSON document into a <see cref="StatusEvent"/> for <see cref="StatusEventJson.Decode(ReadOnlyMemory{byte}, IRatifiedSpecs)"/>,
/// collecting every violation with its path and reason code instead of stopping at the first (spec §8.1). One instance per decode.
/// </summary>
internal sealed class StatusEventReader
{
    // current_task objects are kept as compact JSON; relaxed escaping keeps non-ASCII text as it was sent.
    private static readonly JsonWriterOptions CompactOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, MaxDepth = StatusLimits.MaxDepth + 1 };

    public List<Violation> Violations { get; } = [];

    public StatusEvent? Read(JsonElement root, IRatifiedSpecs specs)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            Add("$", RejectCodes.MalformedJson, $"the event must be a JSON object, not {Describe(root.ValueKind)}");
            return null;
        }

        var id = RequiredId(root, "id", "id", StatusLimits.MaxEventIdLength);
        var source = RequiredString(root, "source", "source");
        var timestamp = ReadTimestamp(root);
        var type = RequiredString(root, "type", "type");
        if (type is not null && type != PerceptionNames.StatusEventType)
        {
            Add("type", RejectCodes.WrongEventType, $"type is '{TextRules.Quote(type)}'; expected '{PerceptionNames.StatusEventType}'");
        }

        var relevance = RequiredUnit(root, "relevance_score", "relevance_score");
        var traceId = OptionalString(root, "trace_id", "trace_id", StatusLimits.MaxTraceIdLength);

        if (!root.TryGetProperty("payload", out var payload) || payload.ValueKind == JsonValueKind.Null)
        {
            Add("payload", RejectCodes.MissingField, "payload is required");
            return null;
        }

        if (payload.ValueKind != JsonValueKind.Object)
        {
            Add("payload", RejectCodes.WrongType, $"payload must be an object, not {Describe(payload.ValueKind)}");
            return null;
        }

        var influencerId = RequiredId(payload, "influencer_id", "payload.influencer_id", StatusLimits.MaxInfluencerIdLength);
        var status = ReadStatus(payload);
        var capabilities = ReadCapabilities(payload);
        var currentTask = ReadCurrentTask(payload);
        var load = RequiredUnit(payload, "load", "payload.load");
        var confidence = RequiredUnit(payload, "confidence", "payload.confidence");
        var schema = RequiredString(payload, "schema_version", "payload.schema_version");
        if (schema is not null && schema != PerceptionNames.SchemaVersion)
        {
            Add("payload.schema_version", RejectCodes.WrongSchemaVersion, $"schema_version is '{TextRules.Quote(schema)}'; expected '{PerceptionNames.SchemaVersion}'");
        }

        var specReference = RequiredString(payload, "spec_reference", "payload.spec_reference");
        if (specReference is not null)
        {
            if (specReference.Length > StatusLimits.MaxSpecReferenceLength)
            {
                Add("payload.spec_reference", RejectCodes.OutOfRange, $"spec_reference is longer than {StatusLimits.MaxSpecReferenceLength} characters");
            }
            else if (!specs.IsRatified(specReference))
            {
                Add("payload.spec_reference", RejectCodes.UnratifiedSpec, $"'{TextRules.Quote(specReference)}' is not ratified in specs/_meta.md (ratified: {string.Join(", ", specs.References)})");
            }
        }

        if (source is not null && influencerId is not null && source != PerceptionNames.SourcePrefix + influencerId)
        {
            Add("source", RejectCodes.SourceMismatch, $"source is '{TextRules.Quote(source)}'; for influencer '{influencerId}' it must be '{PerceptionNames.SourcePrefix}{influencerId}'");
        }

        if (Violations.Count > 0)
        {
            return null;
        }

        return new StatusEvent
        {
            EventId = id!,
            Source = source!,
            Timestamp = timestamp!.Value,
            InfluencerId = influencerId!,
            Status = status!.Value,
            Capabilities = capabilities!,
            CurrentTask = currentTask,
            Load = load!.Value,
            Confidence = confidence!.Value,
            RelevanceScore = relevance!.Value,
            SpecReference = specReference!,
            TraceId = traceId,
        };
    }

    private void Add(string path, string code, string message)
    {
        // Bounded: every violation is copied into the entry's dead letter (spec §8.3).
        if (Violations.Count < StatusLimits.MaxViolations)
        {
            Violations.Add(new Violation(path, code, message));
        }
    }

    private bool TryGetRequired(JsonElement parent, string name, string path, out JsonElement value)
    {
        if (!parent.TryGetProperty(name, out value) || value.ValueKind == JsonValueKind.Null)
        {
            Add(path, RejectCodes.MissingField, $"{name} is required");
            return false;
        }

        return true;
    }

    private string? RequiredString(JsonElement parent, string name, string path)
    {
        if (!TryGetRequired(parent, name, path, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Add(path, RejectCodes.WrongType, $"{name} must be a string, not {Describe(value.ValueKind)}");
            return null;
        }

        var text = value.GetString()!;
        if (text.Length == 0)
        {
            Add(path, RejectCodes.MissingField, $"{name} is empty");
            return null;
        }

        return text;
    }

    private string? RequiredId(JsonElement parent, string name, string path, int maxLength)
    {
        var text = RequiredString(parent, name, path);
        if (text is null)
        {
            return null;
        }

        if (text.Length > maxLength)
        {
            Add(path, RejectCodes.OutOfRange, $"{name} is {text.Length} characters; the limit is {maxLength}");
            return null;
        }

        if (!Identifiers.IsValid(text, maxLength))
        {
            Add(path, RejectCodes.OutOfRange, $"{name} may use only ASCII letters, digits, '-', '_', '.' and ':'");
            return null;
        }

        return text;
    }

    private string? OptionalString(JsonElement parent, string name, string path, int maxLength)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Add(path, RejectCodes.WrongType, $"{name} must be a string or null, not {Describe(value.ValueKind)}");
            return null;
        }

        var text = value.GetString()!;
        if (text.Length > maxLength)
        {
            Add(path, RejectCodes.OutOfRange, $"{name} is {text.Length} characters; the limit is {maxLength}");
            return null;
        }

        return text.Length == 0 ? null : text;
    }

    private double? RequiredUnit(JsonElement parent, string name, string path)
    {
        if (!TryGetRequired(parent, name, path, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            // "NaN" and "Infinity" as strings land here too: JSON has no literal for them.
            Add(path, RejectCodes.WrongType, $"{name} must be a number in [0, 1], not {Describe(value.ValueKind)}");
            return null;
        }

        if (!value.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            Add(path, RejectCodes.OutOfRange, $"{name} is not a finite number");
            return null;
        }

        if (number is < 0.0 or > 1.0)
        {
            Add(path, RejectCodes.OutOfRange, $"{name} is {number.ToString(CultureInfo.InvariantCulture)}; it must be in [0, 1]");
            return null;
        }

        return number;
    }

    private DateTimeOffset? ReadTimestamp(JsonElement root)
    {
        var text = RequiredString(root, "timestamp", "timestamp");
        if (text is null)
        {
            return null;
        }

        // ISO-8601 with an explicit zone: a time without one means different instants on different hosts. The
        // shape is checked first, so the lenient .NET parser cannot read a non-ISO text one way and a peer another.
        if (!WireTime.IsIsoDateTimeWithZone(text)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed))
        {
            Add("timestamp", RejectCodes.BadTimestamp, $"timestamp '{TextRules.Quote(text)}' is not ISO-8601 with a zone, e.g. 2026-02-06T12:45:00Z");
            return null;
        }

        return parsed.ToUniversalTime();
    }

    private InfluencerStatus? ReadStatus(JsonElement payload)
    {
        var text = RequiredString(payload, "status", "payload.status");
        if (text is null)
        {
            return null;
        }

        if (!InfluencerStatusNames.TryParse(text, out var status))
        {
            Add("payload.status", RejectCodes.UnknownStatus, $"status '{TextRules.Quote(text)}' is not one of online, idle, busy, maintenance, offline");
            return null;
        }

        return status;
    }

    private Capability[]? ReadCapabilities(JsonElement payload)
    {
        if (!TryGetRequired(payload, "capabilities", "payload.capabilities", out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            Add("payload.capabilities", RejectCodes.WrongType, $"capabilities must be an array of strings, not {Describe(value.ValueKind)}");
            return null;
        }

        var count = value.GetArrayLength();
        if (count > StatusLimits.MaxCapabilities)
        {
            Add("payload.capabilities", RejectCodes.TooManyCapabilities, $"{count} capabilities; the limit is {StatusLimits.MaxCapabilities}");
            return null;
        }

        var result = new Capability[count];
        var ok = true;
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var path = $"payload.capabilities[{index}]";
            if (item.ValueKind != JsonValueKind.String)
            {
                Add(path, RejectCodes.WrongType, $"a capability must be a string, not {Describe(item.ValueKind)}");
                ok = false;
            }
            else if (!Capability.TryParse(item.GetString(), out var capability, out var error))
            {
                Add(path, RejectCodes.BadCapability, error);
                ok = false;
            }
            else if (Array.IndexOf(result, capability, 0, index) >= 0)
            {
                Add(path, RejectCodes.BadCapability, $"capability '{capability}' is listed twice");
                ok = false;
            }
            else
            {
                result[index] = capability;
            }

            index++;
        }

        return ok ? result : null;
    }

    private string? ReadCurrentTask(JsonElement payload)
    {
        if (!payload.TryGetProperty("current_task", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        string text;
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                text = value.GetString()!;
                break;
            case JsonValueKind.Object:
                text = Compact(value);
                break;
            default:
                Add("payload.current_task", RejectCodes.WrongType, $"current_task must be a task summary (string or object) or null, not {Describe(value.ValueKind)}");
                return null;
        }

        if (text.Length > StatusLimits.MaxCurrentTaskLength)
        {
            Add("payload.current_task", RejectCodes.OutOfRange, $"current_task is {text.Length} characters; the limit is {StatusLimits.MaxCurrentTaskLength}");
            return null;
        }

        // Like trace_id, an empty summary is no task (found by the property tests: "" and null were two states).
        return text.Length == 0 ? null : text;
    }

    private static string Compact(JsonElement value)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, CompactOptions))
        {
            value.WriteTo(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
