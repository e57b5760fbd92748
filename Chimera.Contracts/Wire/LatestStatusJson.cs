using System.Buffers;
using System.Text.Json;
using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;

namespace Chimera.Contracts.Wire;

/// <summary>
/// The latest-status key of an influencer in Redis and its JSON document (spec §3.3, §3.4): what a scheduler outside
/// Orleans needs (status, capabilities, task, load, timing, trust). No event ids, trace ids or provenance: those stay
/// inside the cluster.
/// </summary>
public static class LatestStatusJson
{
    /// <summary>Prefix of the latest-status keys: <c>mcp.perception.influencer.latest:{influencer_id}</c>.</summary>
    public const string KeyPrefix = "mcp.perception.influencer.latest:";

    /// <summary>The Redis key of <paramref name="influencerId"/>'s latest status.</summary>
    public static string Key(string influencerId) => KeyPrefix + influencerId;

    /// <summary>The document for <paramref name="view"/>, UTF-8.</summary>
    public static byte[] Encode(InfluencerView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("influencer_id", view.InfluencerId);
            writer.WriteString("status", view.Status.ToWire());
            writer.WriteString("reported_status", view.ReportedStatus.ToWire());
            writer.WriteBoolean("is_stale", view.IsStale);
            writer.WriteBoolean("is_suspect", view.IsSuspect);
            writer.WriteStartArray("capabilities");
            foreach (var capability in view.Capabilities)
            {
                writer.WriteStringValue(capability.ToString());
            }

            writer.WriteEndArray();
            if (view.CurrentTask is null)
            {
                writer.WriteNull("current_task");
            }
            else
            {
                writer.WriteString("current_task", view.CurrentTask);
            }

            writer.WriteNumber("load", view.Load);
            writer.WriteNumber("confidence", view.Confidence);
            writer.WriteNumber("relevance_score", view.RelevanceScore);
            writer.WriteNumber("trust_score", view.TrustScore);
            writer.WriteString("last_seen", WireTime.ToWire(view.LastSeen));
            writer.WriteString("last_change_at", WireTime.ToWire(view.LastChangeAt));
            writer.WriteString("expires_at", WireTime.ToWire(view.ExpiresAt));
            writer.WriteNumber("heartbeat_interval_ms", (long)view.HeartbeatInterval.TotalMilliseconds);
            writer.WriteNumber("ttl_ms", (long)view.Ttl.TotalMilliseconds);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
