using StackExchange.Redis;

namespace Chimera.Redis.Streams;

/// <summary>
/// Bounds a status partition (XTRIM MINID): entries older than the retention window go, but never an
/// entry some group has not yet been given (past its last-delivered id) or has not acknowledged (its
/// oldest pending id). A stream with no group is left alone: nobody has read it yet.
/// </summary>
internal static class PartitionTrimmer
{
    /// <summary>The id below which entries may be deleted, or null when nothing may be.</summary>
    public static async Task<string?> SafeMinIdAsync(IDatabaseAsync db, RedisKey key, DateTimeOffset retainFrom)
    {
        var groups = await db.StreamGroupInfoAsync(key).ConfigureAwait(false);
        if (groups.Length == 0)
        {
            return null;
        }

        var bound = StreamEntryIds.AtTime(retainFrom);
        foreach (var group in groups)
        {
            var lastDelivered = group.LastDeliveredId ?? "0-0";
            if (StreamEntryIds.Compare(lastDelivered, bound) < 0)
            {
                // MINID keeps the bound itself; keeping the last delivered entry costs one entry and needs no id arithmetic.
                bound = lastDelivered;
            }

            if (group.PendingMessageCount > 0)
            {
                var pending = await db.StreamPendingAsync(key, group.Name).ConfigureAwait(false);
                var lowest = (string?)pending.LowestPendingMessageId;
                if (pending.PendingMessageCount > 0 && lowest is not null && StreamEntryIds.Compare(lowest, bound) < 0)
                {
                    bound = lowest;
                }
            }
        }

        return bound == "0-0" ? null : bound;
    }

    /// <summary>Trims <paramref name="key"/>; returns how many entries were deleted.</summary>
    public static async Task<long> TrimAsync(IDatabaseAsync db, RedisKey key, DateTimeOffset retainFrom)
    {
        var bound = await SafeMinIdAsync(db, key, retainFrom).ConfigureAwait(false);
        return bound is null ? 0 : await db.StreamTrimByMinIdAsync(key, bound, useApproximateMaxLength: false).ConfigureAwait(false);
    }
}
