using Chimera.Contracts.Model;

namespace Chimera.Adapters;

// StatusAdapter: building a signed event, the bounded buffer (one heartbeat at most, oldest change
// evicted when full) and draining it through the transport.
public sealed partial class StatusAdapter
{
    private PendingEntry Build(StatusReport report, bool heartbeat)
    {
        var now = _time.GetUtcNow();
        var timestamp = now > _lastTimestamp ? now : _lastTimestamp + MinEventSpacing;
        var (entry, value) = SignedEventFactory.Create(_options.InfluencerId, report, timestamp, _key, _specs, _options.SpecReference);
        _lastTimestamp = timestamp;
        return new PendingEntry(entry, value.EventId, value.Status, heartbeat);
    }

    private void Enqueue(PendingEntry entry)
    {
        lock (_buffer)
        {
            // A newer event carries the full state, so an older buffered heartbeat says nothing new.
            for (var node = _buffer.First; node is not null;)
            {
                var next = node.Next;
                if (node.Value.IsHeartbeat)
                {
                    _buffer.Remove(node);
                    Interlocked.Increment(ref _coalesced);
                    AdapterMetrics.Coalesced.Add(1);
                }

                node = next;
            }

            if (_buffer.Count >= _options.BufferCapacity)
            {
                if (entry.IsHeartbeat)
                {
                    Interlocked.Increment(ref _droppedHeartbeats);
                    AdapterMetrics.Dropped.Add(1, AdapterMetrics.Kind(heartbeat: true));
                    AdapterLog.HeartbeatDropped(_logger, InfluencerId, _options.BufferCapacity, entry.EventId);
                    return;
                }

                // Full of changes: the newest state matters most, so the oldest change goes, loudly.
                var oldest = _buffer.First!.Value;
                _buffer.RemoveFirst();
                var dropped = Interlocked.Increment(ref _droppedChanges);
                AdapterMetrics.Dropped.Add(1, AdapterMetrics.Kind(heartbeat: false));
                AdapterLog.ChangeDropped(_logger, InfluencerId, _options.BufferCapacity, oldest.EventId, oldest.Status.ToWire(), dropped);
            }

            _buffer.AddLast(entry);
        }
    }

    /// <summary>Sends the buffer in order; true when it is empty. Must hold <see cref="_gate"/>.</summary>
    private async Task<bool> DrainAsync(CancellationToken cancellationToken)
    {
        var delivered = 0;
        while (true)
        {
            PendingEntry next;
            lock (_buffer)
            {
                if (_buffer.First is null)
                {
                    break;
                }

                next = _buffer.First.Value;
            }

            try
            {
                await _transport.PublishAsync(next.Entry, InfluencerId, cancellationToken).ConfigureAwait(false);
                Interlocked.Increment(ref _published);
                AdapterMetrics.Published.Add(1, AdapterMetrics.Kind(next.IsHeartbeat));
                delivered++;
            }
            catch (StatusRejectedException ex)
            {
                // Retrying cannot fix a rejected event; it is accounted for and skipped.
                Interlocked.Increment(ref _rejected);
                AdapterMetrics.Rejected.Add(1);
                AdapterLog.Rejected(_logger, InfluencerId, next.EventId, string.Join("; ", ex.Violations));
            }
            catch (Exception ex)
            {
                Interlocked.Increment(ref _failures);
                AdapterMetrics.PublishFailures.Add(1);
                _failing = true;
                ScheduleRetry(ex);
                return false;
            }

            lock (_buffer)
            {
                if (_buffer.First?.Value == next)
                {
                    _buffer.RemoveFirst();
                }
            }
        }

        if (_failing)
        {
            _failing = false;
            AdapterLog.Recovered(_logger, InfluencerId, delivered);
        }

        _retryDelay = _options.RetryInitialDelay;
        _retryTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        return true;
    }
}
