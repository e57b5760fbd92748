using System.Globalization;
using Orleans.Streams;

namespace Chimera.Redis.Streams;

/// <summary>
/// A Redis stream entry id (<c>ms-seq</c>, two unsigned 64-bit numbers) as an Orleans sequence token. Orleans'
/// <c>EventSequenceTokenV2</c> holds the second number in an <see cref="int"/>, and anyone who can XADD may choose
/// an id such as <c>4102444800000-2147483648</c> (after which every <c>*</c> id of that key has such a sequence), so
/// the token keeps both numbers whole and orders by them exactly as Redis does.
/// </summary>
[GenerateSerializer, Immutable]
internal sealed class RedisEntryToken : StreamSequenceToken
{
    public RedisEntryToken(ulong milliseconds, ulong sequence)
    {
        Milliseconds = milliseconds;
        Sequence = sequence;
    }

    [Id(0)]
    public ulong Milliseconds { get; }

    [Id(1)]
    public ulong Sequence { get; }

    /// <summary>The id as Redis writes it.</summary>
    public string EntryId => string.Create(CultureInfo.InvariantCulture, $"{Milliseconds}-{Sequence}");

    /// <summary>Clamped views for Orleans code that reads the base properties; ordering never uses them.</summary>
    public override long SequenceNumber
    {
        get => Milliseconds > long.MaxValue ? long.MaxValue : (long)Milliseconds;
        protected set { }
    }

    public override int EventIndex
    {
        get => Sequence > int.MaxValue ? int.MaxValue : (int)Sequence;
        protected set { }
    }

    public override bool Equals(StreamSequenceToken? other) =>
        other is RedisEntryToken token && token.Milliseconds == Milliseconds && token.Sequence == Sequence;

    public override bool Equals(object? obj) => obj is StreamSequenceToken token && Equals(token);

    public override int GetHashCode() => HashCode.Combine(Milliseconds, Sequence);

    public override int CompareTo(StreamSequenceToken? other)
    {
        if (other is null)
        {
            return 1;
        }

        if (other is RedisEntryToken token)
        {
            var byMs = Milliseconds.CompareTo(token.Milliseconds);
            return byMs != 0 ? byMs : Sequence.CompareTo(token.Sequence);
        }

        // A foreign token (none is expected on this provider): compare by the base properties.
        var bySequence = SequenceNumber.CompareTo(other.SequenceNumber);
        return bySequence != 0 ? bySequence : EventIndex.CompareTo(other.EventIndex);
    }

    public override string ToString() => $"[RedisEntryToken {EntryId}]";
}
