using Chimera.Contracts.Model;
using Chimera.Contracts.Provenance;
using Chimera.Contracts.Spec;
using Chimera.Contracts.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chimera.Adapters;

/// <summary>
/// The sidecar adapter of one influencer (spec §3, §7): the only thing that publishes its status. A worker
/// calls <see cref="ReportAsync"/>; the adapter builds the <c>mcp.perception.v1</c> event, validates it with
/// the wire validator (a bad report fails fast with its violations), signs it, and publishes it at once.
/// Between changes it heartbeats at <see cref="HeartbeatCadence.Interval"/> of the relevance score; on a
/// graceful stop it emits <c>offline</c>.
/// </summary>
/// <remarks>
/// While the transport fails, events wait in a bounded buffer and are retried with exponential backoff.
/// At most one heartbeat is buffered (a newer heartbeat or any change supersedes it, since each carries the
/// full state); when the buffer is full of changes the oldest change is dropped — counted in
/// <see cref="DroppedChanges"/> and <c>chimera.adapter.dropped</c>, and logged — so no change is lost silently.
/// All state sits behind one lock, so events leave in the order they were made.
/// </remarks>
public sealed partial class StatusAdapter : IAsyncDisposable
{
    // PostgreSQL keeps microseconds: events one tick apart would collide there, so successive events are
    // at least this far apart, which keeps per-influencer order unambiguous even on a frozen clock.
    private static readonly TimeSpan MinEventSpacing = TimeSpan.FromTicks(10);

    private readonly StatusAdapterOptions _options;
    private readonly AdapterKey _key;
    private readonly IAdapterTransport _transport;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IRatifiedSpecs _specs;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly LinkedList<PendingEntry> _buffer = new();
    private readonly ITimer _heartbeatTimer;
    private readonly ITimer _retryTimer;

    private StatusReport? _last;
    private DateTimeOffset _lastTimestamp = DateTimeOffset.MinValue;
    private TimeSpan _retryDelay;
    private bool _failing;
    private bool _stopped;
    private long _published;
    private long _droppedChanges;
    private long _droppedHeartbeats;
    private long _coalesced;
    private long _rejected;
    private long _failures;

    public StatusAdapter(
        StatusAdapterOptions options,
        AdapterKey key,
        IAdapterTransport transport,
        TimeProvider? timeProvider = null,
        ILogger<StatusAdapter>? logger = null,
        IRatifiedSpecs? ratifiedSpecs = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(transport);
        StatusAdapterOptionsValidator.Instance.ThrowIfInvalid(options);
        _options = options;
        _key = key;
        _transport = transport;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<StatusAdapter>.Instance;
        _specs = ratifiedSpecs ?? RatifiedSpecs.Embedded();
        _retryDelay = options.RetryInitialDelay;
        _heartbeatTimer = _time.CreateTimer(static state => ((StatusAdapter)state!).OnHeartbeat(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _retryTimer = _time.CreateTimer(static state => ((StatusAdapter)state!).OnRetry(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public string InfluencerId => _options.InfluencerId;

    /// <summary>The last accepted report, or null before the first.</summary>
    public StatusReport? Current => Volatile.Read(ref _last);

    /// <summary>The heartbeat interval for the current report (spec §3).</summary>
    public TimeSpan HeartbeatInterval => HeartbeatCadence.Interval(Current?.RelevanceScore ?? 0.0, _options.Conservative);

    /// <summary>Events waiting for the transport.</summary>
    public int Buffered
    {
        get
        {
            lock (_buffer)
            {
                return _buffer.Count;
            }
        }
    }

    /// <summary>Events the transport accepted.</summary>
    public long Published => Interlocked.Read(ref _published);

    /// <summary>Status changes dropped because the buffer was full or the adapter stopped before delivering them.</summary>
    public long DroppedChanges => Interlocked.Read(ref _droppedChanges);

    /// <summary>Heartbeats dropped because the buffer was full of changes.</summary>
    public long DroppedHeartbeats => Interlocked.Read(ref _droppedHeartbeats);

    /// <summary>Buffered heartbeats replaced by a newer heartbeat or a change (not a loss: the newer event carries the state).</summary>
    public long CoalescedHeartbeats => Interlocked.Read(ref _coalesced);

    /// <summary>Events the silo rejected; they are logged with the violations and not retried.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Transport failures seen.</summary>
    public long PublishFailures => Interlocked.Read(ref _failures);

    /// <summary>
    /// Accepts a worker's report. A change (anything but the trace id differs from the last report) is
    /// emitted immediately; an identical report emits nothing. Throws <see cref="StatusRejectedException"/>
    /// when the report would make an invalid event; a transport failure does not throw (the event is buffered).
    /// </summary>
    public async Task<ReportOutcome> ReportAsync(StatusReport report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_stopped, this);
            if (report.SameStateAs(_last))
            {
                return ReportOutcome.Unchanged;
            }

            var pending = Build(report, heartbeat: false);
            Volatile.Write(ref _last, report);
            Enqueue(pending);
            RescheduleHeartbeat(report);
            return await DrainAsync(cancellationToken).ConfigureAwait(false) ? ReportOutcome.Published : ReportOutcome.Buffered;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Graceful stop: no more heartbeats; emits <c>offline</c> (unless the last report was offline) and tries
    /// to deliver what is buffered for up to <see cref="StatusAdapterOptions.StopDrainTimeout"/>. What is
    /// still undelivered then is counted as dropped and logged.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
            _heartbeatTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            if (_last is { Status: not InfluencerStatus.Offline } last)
            {
                var offline = last with { Status = InfluencerStatus.Offline, CurrentTask = null, Load = 0.0 };
                Enqueue(Build(offline, heartbeat: false));
                Volatile.Write(ref _last, offline);
            }

            if (await DrainAsync(cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
        finally
        {
            _gate.Release();
        }

        var deadline = _time.GetUtcNow() + _options.StopDrainTimeout;
        try
        {
            while (_time.GetUtcNow() < deadline)
            {
                var wait = Min(_retryDelay, deadline - _time.GetUtcNow());
                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
                await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    if (await DrainAsync(cancellationToken).ConfigureAwait(false))
                    {
                        return;
                    }
                }
                finally
                {
                    _gate.Release();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The host is out of patience: account for what is left below.
        }

        await _gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            AbandonBuffer();
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _heartbeatTimer.Dispose();
        _retryTimer.Dispose();
    }

    /// <summary>Completes when no publish is in flight (tests: after advancing fake time).</summary>
    internal async Task WhenIdleAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        _gate.Release();
    }
}
