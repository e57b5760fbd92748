using Orleans.Streams;

namespace Chimera.Redis.Streams;

/// <summary>
/// The queue cache of one partition. It releases an entry only when every cursor of its stream has finished with it,
/// and never while the stream has no cursor yet (the agent registers new streams in the background). Releasing is not
/// acknowledging (spec §2.3): consumers acknowledge once their effects are durable, the failure handler acknowledges
/// what the agent gave up on; a released entry only becomes eligible for the receiver's reclaim if nobody does.
/// </summary>
internal sealed class DeliveryCache : IQueueCache
{
    private readonly Dictionary<StreamId, StreamBuffer> _streams = [];
    private readonly List<StreamBuffer> _dirty = [];
    private readonly int _capacity;
    private readonly int _maxAdd;
    private int _count;

    public DeliveryCache(int capacity, int maxAdd)
    {
        _capacity = capacity;
        _maxAdd = maxAdd;
    }

    /// <summary>Entries held (read from Redis, not yet released for acknowledgement).</summary>
    public int Count => _count;

    public int GetMaxAddCount() => _maxAdd;

    public bool IsUnderPressure() => _count > _capacity - _maxAdd;

    public void AddToCache(IList<IBatchContainer> messages)
    {
        foreach (var message in messages)
        {
            if (!_streams.TryGetValue(message.StreamId, out var buffer))
            {
                buffer = new StreamBuffer(message.StreamId);
                _streams.Add(message.StreamId, buffer);
            }

            buffer.Items.Add(new CachedItem(message));
            _count++;
        }
    }

    public IQueueCacheCursor GetCacheCursor(StreamId streamId, StreamSequenceToken? token)
    {
        if (!_streams.TryGetValue(streamId, out var buffer))
        {
            buffer = new StreamBuffer(streamId);
            _streams.Add(streamId, buffer);
        }

        // Start at the first retained item at or after the token; with no token, at the oldest retained
        // item (re-delivering is safe, the grain dedupes by event id; skipping is not).
        var start = buffer.Base;
        if (token is not null)
        {
            var i = 0;
            while (i < buffer.Items.Count && buffer.Items[i].Batch.SequenceToken.CompareTo(token) < 0)
            {
                i++;
            }

            start += i;
        }

        var cursor = new DeliveryCursor(this, buffer, start);
        buffer.Cursors.Add(cursor);
        return cursor;
    }

    public bool TryPurgeFromCache(out IList<IBatchContainer> purgedItems)
    {
        purgedItems = null!;
        if (_dirty.Count == 0)
        {
            return false;
        }

        List<IBatchContainer>? released = null;
        foreach (var buffer in _dirty)
        {
            buffer.IsDirty = false;
            if (buffer.Cursors.Count == 0)
            {
                continue;
            }

            var done = long.MaxValue;
            foreach (var cursor in buffer.Cursors)
            {
                done = Math.Min(done, cursor.Done);
            }

            var remove = (int)Math.Min(done - buffer.Base, buffer.Items.Count);
            if (remove <= 0)
            {
                continue;
            }

            released ??= new List<IBatchContainer>(Math.Max(remove, 64));
            for (var i = 0; i < remove; i++)
            {
                released.Add(buffer.Items[i].Batch);
            }

            buffer.Items.RemoveRange(0, remove);
            buffer.Base += remove;
            _count -= remove;
        }

        _dirty.Clear();
        if (released is null || released.Count == 0)
        {
            return false;
        }

        purgedItems = released;
        return true;
    }

    internal void MarkDirty(StreamBuffer buffer)
    {
        if (!buffer.IsDirty)
        {
            buffer.IsDirty = true;
            _dirty.Add(buffer);
        }
    }

    internal void Release(StreamBuffer buffer, DeliveryCursor cursor)
    {
        buffer.Cursors.Remove(cursor);
        if (buffer.Cursors.Count == 0 && buffer.Items.Count == 0)
        {
            // Forget idle streams so the cache does not grow with every influencer ever seen.
            if (_streams.TryGetValue(buffer.StreamId, out var current) && ReferenceEquals(current, buffer))
            {
                _streams.Remove(buffer.StreamId);
            }
        }
        else
        {
            MarkDirty(buffer);
        }
    }
}
