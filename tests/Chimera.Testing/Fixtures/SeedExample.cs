using System.Text.Json.Nodes;

namespace Chimera.Testing.Fixtures;

/// <summary>
/// The example event of the OpenClaw integration seed, byte for byte as the seed prints it (spec §2.4).
/// Tests derive invalid events from it with <see cref="With"/>, so every reject test differs from a
/// known-valid event in exactly the way it names.
/// </summary>
public static class SeedExample
{
    /// <summary>The seed's JSON, unchanged.</summary>
    public const string Json = """
        {
          "id": "influencer-status-2f4e8b9a",
          "source": "worker/influencer.alpha",
          "timestamp": "2026-02-06T12:45:00Z",
          "type": "influencer.status.v1",
          "payload": {
            "influencer_id": "alpha",
            "status": "online",
            "capabilities": ["video-gen:v2","captioning:v1"],
            "current_task": null,
            "load": 0.21,
            "confidence": 0.98,
            "schema_version": "mcp.perception.v1",
            "spec_reference": "specs/openclaw_integration.md"
          },
          "relevance_score": 0.75,
          "trace_id": "trace-abc-123"
        }
        """;

    /// <summary>The event's <c>timestamp</c>.</summary>
    public static readonly DateTimeOffset Timestamp = new(2026, 2, 6, 12, 45, 0, TimeSpan.Zero);

    /// <summary>The seed event as a mutable tree; edit it and serialize it back.</summary>
    public static JsonObject Parse() => JsonNode.Parse(Json)!.AsObject();

    /// <summary>The seed event with <paramref name="edit"/> applied to its envelope, as compact JSON.</summary>
    public static string With(Action<JsonObject> edit)
    {
        ArgumentNullException.ThrowIfNull(edit);
        var root = Parse();
        edit(root);
        return root.ToJsonString();
    }

    /// <summary>The seed event with <paramref name="edit"/> applied to its payload, as compact JSON.</summary>
    public static string WithPayload(Action<JsonObject> edit)
    {
        ArgumentNullException.ThrowIfNull(edit);
        return With(root => edit(root["payload"]!.AsObject()));
    }
}
