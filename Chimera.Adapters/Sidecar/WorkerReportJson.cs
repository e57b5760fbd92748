using System.Text.Json;
using Chimera.Contracts.Model;
using Chimera.Contracts.Validation;

namespace Chimera.Adapters.Sidecar;

/// <summary>
/// Reads the body a worker POSTs to its sidecar: <c>{"status", "capabilities", "current_task", "load",
/// "confidence", "relevance_score", "trace_id"}</c> (the payload fields of spec §1 plus the two envelope
/// hints). <c>status</c> and <c>capabilities</c> are required; <c>load</c> defaults to 0, <c>confidence</c>
/// to 1 and <c>relevance_score</c> to 0.5. Ranges are checked afterwards by the adapter's wire validation.
/// </summary>
public static class WorkerReportJson
{
    public static bool TryParse(ReadOnlySpan<byte> utf8Json, out StatusReport? report, out IReadOnlyList<Violation> violations)
    {
        report = null;
        var errors = new List<Violation>();
        violations = errors;
        if (utf8Json.Length > StatusLimits.MaxEventBytes)
        {
            errors.Add(new Violation("$", RejectCodes.Oversized, $"body is {utf8Json.Length} bytes; the limit is {StatusLimits.MaxEventBytes}"));
            return false;
        }

        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 16 });
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException ex)
        {
            errors.Add(new Violation("$", RejectCodes.MalformedJson, $"not valid JSON: {ex.Message}"));
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new Violation("$", RejectCodes.MalformedJson, "the body must be a JSON object"));
                return false;
            }

            InfluencerStatus status = default;
            if (!root.TryGetProperty("status", out var statusElement) || statusElement.ValueKind == JsonValueKind.Null)
            {
                errors.Add(new Violation("status", RejectCodes.MissingField, "status is required"));
            }
            else if (statusElement.ValueKind != JsonValueKind.String || !InfluencerStatusNames.TryParse(statusElement.GetString(), out status))
            {
                errors.Add(new Violation("status", RejectCodes.UnknownStatus, "status must be one of online, idle, busy, maintenance, offline"));
            }

            var capabilities = new List<Capability>();
            if (!root.TryGetProperty("capabilities", out var capsElement) || capsElement.ValueKind == JsonValueKind.Null)
            {
                errors.Add(new Violation("capabilities", RejectCodes.MissingField, "capabilities is required (an array, possibly empty)"));
            }
            else if (capsElement.ValueKind != JsonValueKind.Array)
            {
                errors.Add(new Violation("capabilities", RejectCodes.WrongType, "capabilities must be an array of strings like video-gen:v2"));
            }
            else
            {
                var index = 0;
                foreach (var item in capsElement.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.String)
                    {
                        errors.Add(new Violation($"capabilities[{index}]", RejectCodes.WrongType, "a capability must be a string"));
                    }
                    else if (!Capability.TryParse(item.GetString(), out var capability, out var error))
                    {
                        errors.Add(new Violation($"capabilities[{index}]", RejectCodes.BadCapability, error));
                    }
                    else
                    {
                        capabilities.Add(capability);
                    }

                    index++;
                }
            }

            string? task = null;
            if (root.TryGetProperty("current_task", out var taskElement))
            {
                switch (taskElement.ValueKind)
                {
                    case JsonValueKind.Null:
                        break;
                    case JsonValueKind.String:
                        task = taskElement.GetString();
                        break;
                    case JsonValueKind.Object:
                        task = taskElement.GetRawText();
                        break;
                    default:
                        errors.Add(new Violation("current_task", RejectCodes.WrongType, "current_task must be a string, an object or null"));
                        break;
                }
            }

            var load = Number(root, "load", 0.0, errors);
            var confidence = Number(root, "confidence", 1.0, errors);
            var relevance = Number(root, "relevance_score", 0.5, errors);
            string? traceId = null;
            if (root.TryGetProperty("trace_id", out var traceElement) && traceElement.ValueKind != JsonValueKind.Null)
            {
                if (traceElement.ValueKind == JsonValueKind.String)
                {
                    traceId = traceElement.GetString();
                }
                else
                {
                    errors.Add(new Violation("trace_id", RejectCodes.WrongType, "trace_id must be a string or null"));
                }
            }

            if (errors.Count > 0)
            {
                return false;
            }

            report = new StatusReport(status, capabilities, task, load, confidence, relevance, traceId);
            return true;
        }
    }

    private static double Number(JsonElement root, string name, double fallback, List<Violation> errors)
    {
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return fallback;
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out var value))
        {
            errors.Add(new Violation(name, RejectCodes.WrongType, $"{name} must be a number in [0, 1]"));
            return fallback;
        }

        return value;
    }
}
