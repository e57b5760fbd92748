using System.Globalization;
using StackExchange.Redis;

namespace Chimera.Redis.Tests;

/// <summary>
/// The PX a write gave a key, without timing luck. A PTTL read after the write has already counted down by however
/// long the box took, so any value below the PX passes. Instead: the key's absolute expiry (PEXPIRETIME, Redis 7) minus
/// the server's clock (TIME) before and after the write bounds the PX exactly: the write happened between the two.
/// </summary>
internal static class KeyExpiry
{
    /// <summary>The range [expiry − after, expiry − before] in ms, which holds the PX that <paramref name="write"/> set.</summary>
    public static async Task<PxRange> PxOfWriteAsync(IDatabase db, RedisKey key, Func<Task> write)
    {
        var before = await ServerMillisecondsAsync(db);
        await write();
        var after = await ServerMillisecondsAsync(db);
        var expiry = (long)await db.ExecuteAsync("PEXPIRETIME", key);
        if (expiry < 0)
        {
            throw new InvalidOperationException($"key {key} has no expiry after the write (PEXPIRETIME {expiry})");
        }

        return new PxRange(expiry - after, expiry - before);
    }

    private static async Task<long> ServerMillisecondsAsync(IDatabase db)
    {
        var reply = (RedisResult[])(await db.ExecuteAsync("TIME"))!;
        var seconds = long.Parse((string)reply[0]!, CultureInfo.InvariantCulture);
        var micros = long.Parse((string)reply[1]!, CultureInfo.InvariantCulture);
        return (seconds * 1000) + (micros / 1000);
    }
}
