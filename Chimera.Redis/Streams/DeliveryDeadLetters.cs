using Chimera.Contracts.Validation;
using Chimera.Redis.Outbound;
using StackExchange.Redis;

namespace Chimera.Redis.Streams;

/// <summary>
/// Dead-letters a valid entry that could not be applied durably (<see cref="RejectCodes.DeliveryFailed"/>): reads the
/// entry back by id (XRANGE id id) so the letter carries its original fields, writes the letter, and only then XACKs the
/// entry. Shared by the pulling agent's failure handler, the grains' outage window and the receiver's delivery cap.
/// </summary>
internal static class DeliveryDeadLetters
{
    public static async Task WriteAsync(IDatabase db, RedisDeadLetterSink deadLetters, RedisKey key, RedisValue group, string entryId, string message, DateTimeOffset now)
    {
        var found = await db.StreamRangeAsync(key, entryId, entryId, 1).ConfigureAwait(false);
        var original = found.Length > 0 && found[0].Values is { } values ? values : [];
        var violation = new Violation("$stream", RejectCodes.DeliveryFailed, message);
        await deadLetters.WriteRawAsync(original, [violation], $"{key}/{entryId}", now).ConfigureAwait(false);
        await db.StreamAcknowledgeAsync(key, group, entryId).ConfigureAwait(false);
    }
}
