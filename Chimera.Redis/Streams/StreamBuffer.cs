using Orleans.Streams;

namespace Chimera.Redis.Streams;

/// <summary>The cached, not yet acknowledged entries of one stream (one influencer) and the cursors reading them.</summary>
internal sealed class StreamBuffer
{
    public StreamBuffer(StreamId streamId) => StreamId = streamId;

    public StreamId StreamId { get; }

    /// <summary>Entries in arrival order; <see cref="Items"/>[0] has the absolute position <see cref="Base"/>.</summary>
    public List<CachedItem> Items { get; } = [];

    public long Base { get; set; }

    public long End => Base + Items.Count;

    public List<DeliveryCursor> Cursors { get; } = new(1);

    public bool IsDirty { get; set; }
}

/// <summary>An entry in the cache; <see cref="Failed"/> when the agent gave up delivering it (the failure handler dead-letters and acks it).</summary>
internal struct CachedItem
{
    public CachedItem(IBatchContainer batch) => Batch = batch;

    public IBatchContainer Batch;

    public bool Failed;
}
