using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Contracts.Spec;
using Chimera.Grains.Outbound;
using Chimera.Redis.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Chimera.Redis.Outbound;

/// <summary>
/// The Redis side of an influencer's changes: a latest-status key that expires with the status itself
/// (PX = ExpiresAt - now, so Redis ages it out even if no grain ever runs again), and the public announce
/// stream, capped with MAXLEN ~.
/// </summary>
internal sealed class RedisStatusOutbound : IStatusOutbound
{
    /// <summary>Prefix of the latest-status keys: <c>mcp.perception.influencer.latest:{influencer_id}</c>.</summary>
    public const string LatestKeyPrefix = "mcp.perception.influencer.latest:";

    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'";

    private readonly IConnectionMultiplexer _redis;
    private readonly TimeProvider _clock;
    private readonly long _announceMaxLength;

    public RedisStatusOutbound(IConnectionMultiplexer redis, TimeProvider clock, IOptions<ChimeraRedisOptions> options)
    {
        _redis = redis;
        _clock = clock;
        _announceMaxLength = options.Value.AnnounceMaxLength;
    }

    public static string LatestKey(string influencerId) => LatestKeyPrefix + influencerId;

    public async Task PublishLatestAsync(InfluencerView view, CancellationToken cancellationToken = default)
    {
        var db = _redis.GetDatabase();
        var key = LatestKey(view.InfluencerId);
        var ttl = view.ExpiresAt - _clock.GetUtcNow();
        var milliseconds = (long)Math.Floor(ttl.TotalMilliseconds);
        if (milliseconds <= 0)
        {
            await db.KeyDeleteAsync(key).ConfigureAwait(false);
            return;
        }

        // SET ... PX: the key's life is exactly the status's remaining TTL.
        await db.ExecuteAsync("SET", key, LatestJson(view), "PX", milliseconds).ConfigureAwait(false);
    }

    public Task AnnounceAsync(OpenClawAnnouncement announcement, CancellationToken cancellationToken = default) =>
        _redis.GetDatabase().StreamAddAsync(
            PerceptionNames.AnnounceTopic,
            [new NameValueEntry("event", AnnounceJson(announcement, _clock.GetUtcNow(), Guid.NewGuid()))],
            maxLength: _announceMaxLength,
            useApproximateMaxLength: true);

    /// <summary>
    /// The latest-status document: what a scheduler outside Orleans needs (status, capabilities, task, load,
    /// timing, trust). No event ids, trace ids or provenance: those stay inside the cluster.
    /// </summary>
    internal static byte[] LatestJson(InfluencerView view)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("influencer_id", view.InfluencerId);
            writer.WriteString("status", view.Status.ToWire());
            writer.WriteString("reported_status", view.ReportedStatus.ToWire());
            writer.WriteBoolean("is_stale", view.IsStale);
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
            writer.WriteString("last_seen", Format(view.LastSeen));
            writer.WriteString("last_change_at", Format(view.LastChangeAt));
            writer.WriteString("expires_at", Format(view.ExpiresAt));
            writer.WriteNumber("heartbeat_interval_ms", (long)view.HeartbeatInterval.TotalMilliseconds);
            writer.WriteNumber("ttl_ms", (long)view.Ttl.TotalMilliseconds);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The announce event: an mcp.perception.v1-style envelope around exactly the five public fields (spec §6).</summary>
    internal static byte[] AnnounceJson(OpenClawAnnouncement announcement, DateTimeOffset now, Guid id)
    {
        var buffer = new ArrayBufferWriter<byte>(384);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", "openclaw-announce-" + id.ToString("D"));
            writer.WriteString("source", "chimera/registry");
            writer.WriteString("timestamp", Format(now));
            writer.WriteString("type", PerceptionNames.AnnounceEventType);
            writer.WriteStartObject("payload");
            writer.WriteString("influencer_id", announcement.InfluencerId);
            writer.WriteString("display_name", announcement.DisplayName);
            writer.WriteStartArray("capabilities_public");
            foreach (var capability in announcement.CapabilitiesPublic)
            {
                writer.WriteStringValue(capability);
            }

            writer.WriteEndArray();
            writer.WriteString("last_seen", Format(announcement.LastSeen));
            writer.WriteNumber("trust_score", announcement.TrustScore);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);
}
