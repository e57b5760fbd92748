using Chimera.Contracts.Model;
using Chimera.Contracts.Resilience;
using Chimera.Contracts.Spec;

namespace Chimera.Adapters;

// StatusAdapter: the heartbeat and retry timers (spec §3 cadence; backoff 1 s doubling to 30 s) and
// abandoning the buffer on stop.
public sealed partial class StatusAdapter
{
    private void ScheduleRetry(Exception failure)
    {
        var delay = _retryDelay;
        AdapterLog.PublishFailed(_logger, InfluencerId, Buffered, delay, failure);
        if (_stopped)
        {
            // StopAsync drives its own retries until its deadline.
            _retryDelay = Min(_retryDelay * 2, _options.RetryMaxDelay);
            return;
        }

        // Jittered (never longer than the delay): adapters that lost Redis together should not all retry together.
        _retryTimer.Change(RetryJitter.Apply(delay), Timeout.InfiniteTimeSpan);
        _retryDelay = Min(_retryDelay * 2, _options.RetryMaxDelay);
    }

    private void RescheduleHeartbeat(StatusReport report)
    {
        // The change just sent counts as a beat, so the next one is a full interval away. Offline needs none.
        var interval = report.Status == InfluencerStatus.Offline
            ? Timeout.InfiniteTimeSpan
            : HeartbeatCadence.Interval(report.RelevanceScore, _options.Conservative);
        _heartbeatTimer.Change(interval, interval);
    }

    private void OnHeartbeat() => _ = RunInBackgroundAsync(heartbeat: true);

    private void OnRetry() => _ = RunInBackgroundAsync(heartbeat: false);

    private async Task RunInBackgroundAsync(bool heartbeat)
    {
        try
        {
            await _gate.WaitAsync().ConfigureAwait(false);
            try
            {
                if (_stopped)
                {
                    return;
                }

                if (heartbeat)
                {
                    if (_last is not { Status: not InfluencerStatus.Offline } last)
                    {
                        return;
                    }

                    Enqueue(Build(last, heartbeat: true));
                }

                await DrainAsync(CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                _gate.Release();
            }
        }
        catch (Exception ex)
        {
            AdapterLog.BackgroundFailed(_logger, InfluencerId, ex);
        }
    }

    private void AbandonBuffer()
    {
        int changes = 0, heartbeats = 0;
        lock (_buffer)
        {
            foreach (var entry in _buffer)
            {
                if (entry.IsHeartbeat)
                {
                    heartbeats++;
                }
                else
                {
                    changes++;
                }
            }

            _buffer.Clear();
        }

        if (changes + heartbeats == 0)
        {
            return;
        }

        Interlocked.Add(ref _droppedChanges, changes);
        Interlocked.Add(ref _droppedHeartbeats, heartbeats);
        AdapterMetrics.Dropped.Add(changes, AdapterMetrics.Kind(heartbeat: false));
        AdapterMetrics.Dropped.Add(heartbeats, AdapterMetrics.Kind(heartbeat: true));
        AdapterLog.StoppedWithUndelivered(_logger, InfluencerId, changes, heartbeats);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
