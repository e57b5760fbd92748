using System.Globalization;
using Orleans.Providers.Streams.Common;
using Orleans.Streams;
using StackExchange.Redis;

namespace Chimera.Redis.Streams;

/// <summary>
/// Redis stream entry ids (<c>ms-seq</c>) as Orleans sequence tokens and back: the token is
/// (ms, seq) so the pulling agent orders events exactly as Redis does, and an id can be rebuilt from a
/// token for XACK and for the failure handler without keeping entries in memory.
/// </summary>
internal static class StreamEntryIds
{
    public static bool TryParse(ReadOnlySpan<char> id, out long milliseconds, out long sequence)
    {
        sequence = 0;
        var dash = id.IndexOf('-');
        if (dash < 0)
        {
            return long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out milliseconds);
        }

        return long.TryParse(id[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out milliseconds)
            & long.TryParse(id[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out sequence);
    }

    public static EventSequenceTokenV2 ToToken(RedisValue id)
    {
        var text = (string?)id ?? throw new FormatException("a stream entry has no id");
        if (!TryParse(text, out var ms, out var seq) || seq > int.MaxValue)
        {
            throw new FormatException($"'{text}' is not a Redis stream entry id");
        }

        return new EventSequenceTokenV2(ms, (int)seq);
    }

    public static string FromToken(StreamSequenceToken token) =>
        string.Create(CultureInfo.InvariantCulture, $"{token.SequenceNumber}-{token.EventIndex}");

    /// <summary>Orders two ids; unparseable ids sort first (treated as 0-0) so callers err towards keeping entries.</summary>
    public static int Compare(string left, string right)
    {
        TryParse(left, out var lm, out var ls);
        TryParse(right, out var rm, out var rs);
        var byMs = lm.CompareTo(rm);
        return byMs != 0 ? byMs : ls.CompareTo(rs);
    }

    /// <summary>The smallest id at <paramref name="time"/>: every entry added earlier has a smaller id.</summary>
    public static string AtTime(DateTimeOffset time) =>
        string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, time.ToUnixTimeMilliseconds())}-0");
}
