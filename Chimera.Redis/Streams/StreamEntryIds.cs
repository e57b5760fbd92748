using System.Globalization;
using Orleans.Streams;
using StackExchange.Redis;

namespace Chimera.Redis.Streams;

/// <summary>
/// Redis stream entry ids (<c>ms-seq</c>, both unsigned 64-bit) as Orleans sequence tokens and back: the token is
/// (ms, seq) so the pulling agent orders events exactly as Redis does, and an id can be rebuilt from a token for
/// XACK and for the failure handler without keeping entries in memory. Any id Redis accepts parses here.
/// </summary>
internal static class StreamEntryIds
{
    public static bool TryParse(ReadOnlySpan<char> id, out ulong milliseconds, out ulong sequence)
    {
        sequence = 0;
        var dash = id.IndexOf('-');
        if (dash < 0)
        {
            return ulong.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out milliseconds);
        }

        return ulong.TryParse(id[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out milliseconds)
            & ulong.TryParse(id[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out sequence);
    }

    /// <summary>The token of entry <paramref name="id"/>, or null when the id is not a stream id (Redis never returns one).</summary>
    public static RedisEntryToken? TryToToken(RedisValue id) =>
        (string?)id is { } text && TryParse(text, out var ms, out var seq) ? new RedisEntryToken(ms, seq) : null;

    /// <summary>The entry id a token was made from (<see cref="RedisEntryToken"/>; other tokens by their base properties).</summary>
    public static string FromToken(StreamSequenceToken token) =>
        token is RedisEntryToken redis
            ? redis.EntryId
            : string.Create(CultureInfo.InvariantCulture, $"{token.SequenceNumber}-{token.EventIndex}");

    /// <summary>Orders two ids; unparseable ids sort first (treated as 0-0) so callers err towards keeping entries.</summary>
    public static int Compare(string left, string right)
    {
        TryParse(left, out var lm, out var ls);
        TryParse(right, out var rm, out var rs);
        var byMs = lm.CompareTo(rm);
        return byMs != 0 ? byMs : ls.CompareTo(rs);
    }

    /// <summary>The milliseconds part of <paramref name="id"/> (0 when unparseable).</summary>
    public static ulong MillisecondsOf(string id) => TryParse(id, out var ms, out _) ? ms : 0;

    /// <summary>The smallest id at <paramref name="time"/>: every entry added earlier has a smaller id.</summary>
    public static string AtTime(DateTimeOffset time) =>
        string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, time.ToUnixTimeMilliseconds())}-0");
}
