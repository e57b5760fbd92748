using System.Buffers;
using System.Text.Json;
using Chimera.Contracts.Model;
using Chimera.Contracts.Spec;

namespace Chimera.Contracts.Wire;

/// <summary>
/// The announce event on <see cref="PerceptionNames.AnnounceTopic"/> (spec §6): an <c>mcp.perception.v1</c>-style
/// envelope around exactly the five public fields of <see cref="OpenClawAnnouncement"/>.
/// </summary>
public static class AnnounceJson
{
    /// <summary>The one field of an announce stream entry; its value is the event this class encodes.</summary>
    public const string EntryField = "event";

    /// <summary>The envelope's <c>source</c>.</summary>
    public const string Source = "chimera/registry";

    /// <summary>Prefix of the envelope's <c>id</c>; the rest is the announce's envelope id (a retry reuses it).</summary>
    public const string IdPrefix = "openclaw-announce-";

    /// <summary>The event for <paramref name="announcement"/>, stamped <paramref name="now"/>, UTF-8.</summary>
    public static byte[] Encode(OpenClawAnnouncement announcement, DateTimeOffset now, Guid id)
    {
        ArgumentNullException.ThrowIfNull(announcement);
        var buffer = new ArrayBufferWriter<byte>(384);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", IdPrefix + id.ToString("D"));
            writer.WriteString("source", Source);
            writer.WriteString("timestamp", WireTime.ToWire(now));
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
            writer.WriteString("last_seen", WireTime.ToWire(announcement.LastSeen));
            writer.WriteNumber("trust_score", announcement.TrustScore);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
