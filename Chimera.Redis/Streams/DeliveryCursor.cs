using Orleans.Streams;

namespace Chimera.Redis.Streams;

/// <summary>
/// A pulling agent's position in one stream. The agent awaits the delivery of the current item before it
/// calls <see cref="MoveNext"/> again (with <c>BatchContainerBatchSize</c> = 1, which the provider enforces),
/// so moving on is what marks the previous item finished: delivered, or given up on and handed to the
/// failure handler.
/// </summary>
internal sealed class DeliveryCursor : IQueueCacheCursor
{
    private readonly DeliveryCache _cache;
    private readonly StreamBuffer _buffer;
    private long _next;
    private long _current = -1;
    private bool _disposed;

    public DeliveryCursor(DeliveryCache cache, StreamBuffer buffer, long start)
    {
        _cache = cache;
        _buffer = buffer;
        _next = start;
        Done = start;
    }

    /// <summary>Absolute position of the first item this cursor has not finished with.</summary>
    public long Done { get; private set; }

    public IBatchContainer GetCurrent(out Exception exception)
    {
        exception = null!;
        return _current >= _buffer.Base && _current < _buffer.End ? _buffer.Items[(int)(_current - _buffer.Base)].Batch : null!;
    }

    public bool MoveNext()
    {
        if (_disposed)
        {
            return false;
        }

        if (Done != _next)
        {
            Done = _next;
            _cache.MarkDirty(_buffer);
        }

        if (_next >= _buffer.End)
        {
            _current = -1;
            return false;
        }

        _current = _next++;
        return true;
    }

    public void Refresh(StreamSequenceToken token)
    {
        // Items appended to the stream's buffer are visible to MoveNext as they arrive.
    }

    public void RecordDeliveryFailure()
    {
        if (_current >= _buffer.Base && _current < _buffer.End)
        {
            System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_buffer.Items)[(int)(_current - _buffer.Base)].Failed = true;
        }
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _cache.Release(_buffer, this);
        }
    }
}
