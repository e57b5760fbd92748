using System.Globalization;
using System.Text.Json;
using Chimera.Contracts.Spec;
using Chimera.Core.Ingress;
using StackExchange.Redis;

namespace Chimera.Redis.Outbound;

/// <summary>
/// Reads <c>mcp.perception.deadletter</c> back: XLEN for the retained total, XREVRANGE over the newest window for
/// counts by reason. Bounded whatever the stream's length (its cap is Chimera:Redis:DeadLetterMaxLength).
/// </summary>
internal sealed class RedisDeadLetterReader(IConnectionMultiplexer redis) : IDeadLetterReader
{
    public async Task<DeadLetterSummary> SummarizeAsync(int window = DeadLetterSummary.DefaultWindow, CancellationToken cancellationToken = default)
    {
        var db = redis.GetDatabase();
        var retained = await db.StreamLengthAsync(PerceptionNames.DeadLetterTopic).ConfigureAwait(false);
        var entries = await db.StreamRangeAsync(PerceptionNames.DeadLetterTopic, "-", "+", window, Order.Descending).ConfigureAwait(false);
        var byReason = new Dictionary<string, long>(StringComparer.Ordinal);
        var newest = new List<DeadLetterLine>();
        foreach (var entry in entries)
        {
            string reason = "", origin = "", message = "";
            DateTimeOffset? at = null;
            foreach (var field in entry.Values ?? [])
            {
                switch ((string?)field.Name)
                {
                    case RedisDeadLetterSink.ReasonField:
                        reason = (string?)field.Value ?? "";
                        break;
                    case RedisDeadLetterSink.OriginField:
                        origin = (string?)field.Value ?? "";
                        break;
                    case RedisDeadLetterSink.RejectedAtField when DateTimeOffset.TryParse((string?)field.Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed):
                        at = parsed;
                        break;
                    case RedisDeadLetterSink.ViolationsField:
                        message = FirstMessage((string?)field.Value);
                        break;
                }
            }

            byReason[reason] = byReason.GetValueOrDefault(reason) + 1;
            if (newest.Count < DeadLetterSummary.NewestShown)
            {
                newest.Add(new DeadLetterLine(at, reason, origin, message));
            }
        }

        return new DeadLetterSummary(retained, entries.Length, byReason, newest);
    }

    // The violations field is ours (a JSON array), but anyone who can XADD can write this stream: never throw on it.
    private static string FirstMessage(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return "";
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Array && document.RootElement.GetArrayLength() > 0
                && document.RootElement[0].TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String
                ? message.GetString() ?? ""
                : "";
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return "";
        }
    }
}
