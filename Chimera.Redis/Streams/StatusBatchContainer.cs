using Chimera.Contracts.Model;
using Orleans.Streams;
using StackExchange.Redis;

namespace Chimera.Redis.Streams;

/// <summary>
/// One admitted status event on its way to the influencer grain. One entry per container keeps the
/// ack bookkeeping exact: a container purged from the cache is exactly one Redis entry to XACK.
/// </summary>
[GenerateSerializer, Immutable]
internal sealed class StatusBatchContainer : IBatchContainer
{
    public StatusBatchContainer(StreamId streamId, StatusEvent statusEvent, RedisEntryToken token, RedisValue entryId)
    {
        StreamId = streamId;
        Event = statusEvent;
        Token = token;
        _entryId = entryId;
    }

    [Id(0)]
    public StreamId StreamId { get; }

    [Id(1)]
    public StatusEvent Event { get; }

    [Id(2)]
    public RedisEntryToken Token { get; }

    /// <summary>The Redis entry id, kept for XACK on the receiving silo only (not serialized: no other silo acks).</summary>
    [NonSerialized]
    private readonly RedisValue _entryId;

    public RedisValue EntryId => _entryId;

    public StreamSequenceToken SequenceToken => Token;

    public IEnumerable<Tuple<T, StreamSequenceToken>> GetEvents<T>()
    {
        if (Event is T item)
        {
            yield return Tuple.Create<T, StreamSequenceToken>(item, Token);
        }
    }

    public bool ImportRequestContext() => false;

    public override string ToString() => $"[StatusBatchContainer {StreamId} {Token}]";
}
