using System.Globalization;
using StackExchange.Redis;

namespace Chimera.Redis.Streams;

/// <summary>
/// Bounds a status partition (XTRIM MINID): entries older than the retention window go, but never an
/// entry some group has not yet been given (past its last-delivered id) or has not acknowledged (its
/// oldest pending id). A stream with no group is left alone: nobody has read it yet.
/// </summary>
/// <remarks>
/// Entry ids are chosen by whoever XADDs (spec §2.3): an id stamped in the future (e.g. <c>4102444800000-1</c>) makes
/// every later <c>*</c> id on that key future-stamped too, and such entries never fall outside a time window. So once a
/// group has been given an entry stamped more than <see cref="FutureAllowance"/> past the Redis server's clock, the time
/// bound is dropped for that partition and everything delivered and acknowledged is trimmed: crafted ids cost the
/// partition its retained history, never its bound.
/// </remarks>
internal static class PartitionTrimmer
{
    /// <summary>How far past the Redis clock an id may be before it counts as crafted (clock steps between servers).</summary>
    public static readonly TimeSpan FutureAllowance = TimeSpan.FromMinutes(1);

    /// <summary>The id below which entries may be deleted, or null when nothing may be.</summary>
    public static async Task<string?> SafeMinIdAsync(IDatabaseAsync db, RedisKey key, DateTimeOffset retainFrom)
    {
        var groups = await db.StreamGroupInfoAsync(key).ConfigureAwait(false);
        if (groups.Length == 0)
        {
            return null;
        }

        var futureFrom = (ulong)Math.Max(0, (await RedisTimeAsync(db).ConfigureAwait(false) + FutureAllowance).ToUnixTimeMilliseconds());
        var crafted = groups.Any(g => StreamEntryIds.MillisecondsOf(g.LastDeliveredId ?? "0-0") > futureFrom);
        string? bound = crafted ? null : StreamEntryIds.AtTime(retainFrom);
        foreach (var group in groups)
        {
            var lastDelivered = group.LastDeliveredId ?? "0-0";
            if (bound is null || StreamEntryIds.Compare(lastDelivered, bound) < 0)
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

        return bound is null or "0-0" ? null : bound;
    }

    /// <summary>Trims <paramref name="key"/>; returns how many entries were deleted.</summary>
    public static async Task<long> TrimAsync(IDatabaseAsync db, RedisKey key, DateTimeOffset retainFrom)
    {
        var bound = await SafeMinIdAsync(db, key, retainFrom).ConfigureAwait(false);
        return bound is null ? 0 : await db.StreamTrimByMinIdAsync(key, bound, useApproximateMaxLength: false).ConfigureAwait(false);
    }

    // The Redis server's clock (TIME): the one every '*' id is stamped with. A server that refuses TIME (some managed
    // offerings rename commands) falls back to this host's clock, which is as good within the one-minute allowance.
    private static async Task<DateTimeOffset> RedisTimeAsync(IDatabaseAsync db)
    {
        try
        {
            var reply = (RedisResult[])(await db.ExecuteAsync("TIME").ConfigureAwait(false))!;
            var seconds = long.Parse((string)reply[0]!, CultureInfo.InvariantCulture);
            var micros = long.Parse((string)reply[1]!, CultureInfo.InvariantCulture);
            return DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(micros * 10);
        }
        catch (RedisServerException)
        {
            return DateTimeOffset.UtcNow;
        }
    }
}
