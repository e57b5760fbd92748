using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Contracts.Spec;
using Chimera.Grains.Audit;
using Chimera.Grains.Delivery;
using Chimera.Grains.Hosting;
using Chimera.Grains.Outbound;
using Chimera.Grains.Routing;
using Chimera.Grains.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.Streams;

namespace Chimera.Grains.Influencers;

/// <summary>
/// One influencer's live status (spec §3–§6). Consumes its own Orleans stream (implicit subscription, key =
/// influencer_id), ignores duplicates and out-of-order events, treats unchanged heartbeats as last-seen updates only.
/// <para>
/// A change moves the views at once — the in-memory registry, the routing index, the latest-status key and the
/// announce — and hands its audit row to the audit log without waiting for it, so routing stays right while PostgreSQL
/// is down (spec §9). The delivery completes then; the transport <em>acknowledgement</em> of the entry waits until the
/// effects are durable: the audit row, then the grain state that includes it (written only once every audit row it
/// covers is durable), then the latest-key and announce publishes (spec §2.3). Whatever fails is retried here; if
/// this activation dies first, the unacknowledged entry is delivered again and a fresh activation applies it in full.
/// A change that cannot be made durable within <see cref="DurabilityOptions.OutageWindow"/> is dead-lettered.
/// </para>
/// <para>
/// State is loaded by hand (<see cref="InfluencerStateStore"/>): activation never waits for the database longer than
/// <see cref="DurabilityOptions.StateLoadTimeout"/>. Without its state the grain still moves the views, keeps the
/// events, and reconciles them against the stored state once it loads (spec §3.5). A reactivation after a crash grants
/// a grace of one TTL before judging staleness, because heartbeats since the last change were not persisted.
/// </para>
/// Staleness: a grain timer at the expiry, a reminder as the durable backstop, and every read applies the liveness rule
/// itself (<see cref="Liveness"/>), so no answer depends on a timer firing on time. At expiry the routing pool is asked
/// whether self-preservation holds the status as suspect (spec §3.6).
/// </summary>
[ImplicitStreamSubscription(PerceptionNames.StatusTopic)]
internal sealed partial class InfluencerGrain : Grain, IInfluencerGrain, IRemindable
{
    private const string StalenessReminder = "staleness";

    /// <summary>Events kept for reconciliation while the state is not loaded; past it they stay unacknowledged and are delivered again later.</summary>
    private const int MaxUnreconciled = 256;

    /// <summary>How long a probe-result call waits for its audit row before it tells the caller to retry.</summary>
    private static readonly TimeSpan ProbeAuditWait = TimeSpan.FromSeconds(5);

    private readonly IAuditLog _audit;
    private readonly IStatusOutbound _outbound;
    private readonly RoutingLeaseBatcher _leases;
    private readonly IDeliveryAcknowledger _acks;
    private readonly IGrainStorage _storage;
    private readonly DeepCopier<InfluencerState> _copier;
    private readonly AnnounceOptions _announce;
    private readonly CadenceOptions _cadence;
    private readonly DurabilityOptions _durability;
    private readonly TimeProvider _clock;
    private readonly ILogger<InfluencerGrain> _logger;
    private readonly ChimeraInstruments _instruments;
    private readonly ChimeraMetrics _metrics;

    private readonly Dictionary<string, PendingAudit> _audits = new(StringComparer.Ordinal);
    private readonly List<OwedAcknowledgement> _owed = [];
    private readonly List<(StatusEvent Event, DeliveryReceipt Receipt, DateTimeOffset AppliedAt)> _unreconciled = [];

    private InfluencerStateStore _store = null!;
    private IInfluencerGrain _self = null!;
    private InfluencerState _state = new();

    // Durable: events are applied with audit rows and owed acknowledgements. Provisional (not durable): the stored state
    // is not loaded yet (_base null), or this is a reactivation after a crash catching up until _catchUpUntil (real
    // time); events only move the views and are kept in _unreconciled for the replay against _base (spec §3.5).
    private bool _durable;
    private InfluencerState? _base;
    private Task<InfluencerState>? _loading;
    private DateTimeOffset _catchUpUntil;
    private DateTimeOffset _activatedAt;
    private DateTimeOffset? _graceUntil;
    private DateTimeOffset? _suspectUntil;
    private ITimer? _staleTimer;
    private IGrainTimer? _pump;
    private TimeSpan _backoff;
    private DateTimeOffset _retryAt;
    private int _pokeSent;
    private bool _pumpArmed;

    // Mutation counters: every change of the in-memory state counts; _required is the newest one that must reach storage
    // (changes, stale detections, probes), _persisted the newest one a successful write included.
    private long _mutations;
    private long _required;
    private long _persisted;
    private Task? _stateWrite;
    private long _writing;
    private bool _stateWriteFailing;
    private (Task Task, long Mutation)? _latestWrite;
    private long _latestWritten;
    private bool _announceDue;
    private (Task Task, string Fingerprint)? _announcing;

    // The envelope id of the announce being attempted: a retry of the same profile reuses it (at least once, deduplicable).
    private (string Fingerprint, Guid Id)? _announceEnvelope;
    private Task<bool>? _reminderChange;

    public InfluencerGrain(
        IAuditLog audit,
        IStatusOutbound outbound,
        RoutingLeaseBatcher leases,
        IDeliveryAcknowledger acks,
        [FromKeyedServices(ChimeraStreams.InfluencerStateStorage)] IGrainStorage storage,
        DeepCopier<InfluencerState> copier,
        IOptions<AnnounceOptions> announce,
        IOptions<CadenceOptions> cadence,
        IOptions<DurabilityOptions> durability,
        [FromKeyedServices(ChimeraClock.Key)] TimeProvider clock,
        ILogger<InfluencerGrain> logger,
        ChimeraInstruments instruments,
        ChimeraMetrics metrics)
    {
        _instruments = instruments;
        _metrics = metrics;
        _audit = audit;
        _outbound = outbound;
        _leases = leases;
        _acks = acks;
        _storage = storage;
        _copier = copier;
        _announce = announce.Value;
        _cadence = cadence.Value;
        _durability = durability.Value;
        _clock = clock;
        _logger = logger;
    }

    private string InfluencerId => this.GetPrimaryKeyString();

    private InfluencerState State => _state;

    /// <summary>When the status expires: last_seen + TTL, or the end of the recovery grace while that is later (spec §3.5).</summary>
    private DateTimeOffset ExpiresAt => _graceUntil is { } grace && grace > State.ExpiresAt ? grace : State.ExpiresAt;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _activatedAt = _clock.GetUtcNow();
        _self = this.AsReference<IInfluencerGrain>();
        _store = new InfluencerStateStore(_storage, _copier, this.GetGrainId());
        var stream = this.GetStreamProvider(ChimeraStreams.ProviderName)
            .GetStream<StatusEvent>(StreamId.Create(PerceptionNames.StatusTopic, InfluencerId));
        await stream.SubscribeAsync((item, token) => ApplyAsync(item, token));

        _catchUpUntil = TimeProvider.System.GetUtcNow() + _durability.RecoveryCatchUp;
        var loading = _store.ReadAsync();
        try
        {
            var loaded = await loading.WaitAsync(_durability.StateLoadTimeout, cancellationToken);
            if (NeedsCatchUp(loaded))
            {
                // Written on a change, not on a graceful deactivation: the last activation may have died owing
                // acknowledgements, and their re-deliveries may come after newer events. Catch up before judging.
                _base = loaded;
                _state = _copier.Copy(loaded);
                OnStateLoaded();
                LogCatchingUp(InfluencerId, _durability.RecoveryCatchUp);
                var now = _clock.GetUtcNow();
                PublishToIndex(now);
                PublishLatest(now);
            }
            else
            {
                _state = loaded;
                _durable = true;
                OnStateLoaded();
                AfterLoad(_clock.GetUtcNow());
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Never fail the activation for storage: apply events to the views now, reconcile once the state loads.
            LogStateUnavailable(ex, InfluencerId, _durability.StateLoadTimeout);
            _loading = loading.IsCompleted ? null : loading;
            if (_loading is not null)
            {
                Watch(_loading);
            }
        }

        Settle();
    }

    /// <summary>A stored state of a live influencer that was not written on a graceful deactivation (spec §3.5).</summary>
    private static bool NeedsCatchUp(InfluencerState loaded) => loaded.Known && !loaded.LastSeenIsCurrent;

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _staleTimer?.Dispose();
        _staleTimer = null;
        if (!_durable || !State.Known)
        {
            // Provisional: nothing was made durable, the stored state is still the right one, the entries stay owed.
            return;
        }

        try
        {
            if (_stateWrite is { IsCompleted: false } inFlight)
            {
                await inFlight.WaitAsync(cancellationToken);
            }

            // Only a state whose audit rows are all durable may be stored (spec §9); otherwise the unacknowledged
            // entries are delivered again and applied in full by the next activation.
            if (_mutations > _persisted && _audits.Count == 0)
            {
                State.LastSeenIsCurrent = true;
                await _store.WriteAsync(State).WaitAsync(cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The next activation grants the recovery grace instead (spec §3.5); the reminder still ages a silent status out.
            LogStateWriteFailed(ex, InfluencerId);
        }
    }

    public ValueTask<InfluencerView?> GetStatusAsync() =>
        ValueTask.FromResult(State.Known ? BuildView(_clock.GetUtcNow()) : null);

    public ValueTask RecordProbeScheduledAsync(ProbeTicket ticket)
    {
        if (!_durable || !State.Known || State.PendingProbe is { } pending && pending.ProbeId == ticket.ProbeId)
        {
            return ValueTask.CompletedTask;
        }

        StartAudit(AuditRecordFactory.ProbeScheduled(InfluencerId, State, ticket, _clock.GetUtcNow()));
        State.PendingProbe = ticket;
        _metrics.ProbesScheduled.Add(1);
        Require();
        Settle();
        return ValueTask.CompletedTask;
    }

    public async ValueTask HoldEndedAsync()
    {
        // The hold that made this status suspect is over (recovered, or its bound reached): judge it as usual now.
        if (_suspectUntil is null)
        {
            return;
        }

        _suspectUntil = null;
        await DetectStaleAsync();
        ArmStaleTimer();
        Settle();
    }

    public ValueTask RepublishAsync()
    {
        if (State.Known)
        {
            PublishToIndex(_clock.GetUtcNow());
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask ProgressAsync()
    {
        Volatile.Write(ref _pokeSent, 0);
        Settle();
        return ValueTask.CompletedTask;
    }

    public async ValueTask<InfluencerView> ReportProbeResultAsync(ProbeResult result)
    {
        if (!_durable)
        {
            throw new AuditStoreUnavailableException($"The state of influencer '{InfluencerId}' is not settled yet (storage unavailable, or recovering from a crash); nothing was recorded; retry.");
        }

        if (State.PendingProbe is not { } pending || pending.ProbeId != result.ProbeId)
        {
            throw new ProbeNotFoundException($"Probe '{result.ProbeId}' is not pending for influencer '{InfluencerId}'" +
                (State.PendingProbe is { } other ? $" (the pending probe is '{other.ProbeId}')." : " (no probe is pending)."));
        }

        // The caller is told "recorded" only once the row is durable. The wait is bounded: a grain turn must not hold
        // this influencer's events back for the length of a database outage. A row that becomes durable after the
        // caller gave up is harmless: the retry has the same row id.
        var now = _clock.GetUtcNow();
        var append = _audit.AppendAsync(AuditRecordFactory.ProbeResult(InfluencerId, State, pending, result, now));
        try
        {
            await append.WaitAsync(ProbeAuditWait);
        }
        catch (TimeoutException)
        {
            throw new AuditStoreUnavailableException($"The probe result for '{InfluencerId}' is not durable yet (the audit store is slow or down); retry.");
        }

        State.PendingProbe = null;
        State.ProbesTotal++;
        if (result.Passed)
        {
            State.ProbesPassed++;
        }

        State.ProbeVerified = result.Passed;
        State.LastProbeResult = result;
        _metrics.ProbeResults.Add(1, new KeyValuePair<string, object?>("outcome", result.Passed ? "passed" : "failed"));
        NextRoutingVersion(now);
        Require();
        PublishToIndex(now);
        PublishLatest(now);
        _announceDue = true;
        Settle();
        return BuildView(now);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != StalenessReminder)
        {
            return;
        }

        await DetectStaleAsync();
        Settle();
    }

    public async ValueTask CheckStalenessAsync()
    {
        // Heartbeats do not touch the timer (that would be work per heartbeat); it re-arms here instead.
        await DetectStaleAsync();
        ArmStaleTimer();
        Settle();
    }

    /// <summary>
    /// Applies one status event from the stream; never waits for storage or Redis, so a slow or absent database never
    /// holds this influencer's later events (its heartbeats) back. Acknowledgement follows the effects (see the class).
    /// </summary>
    internal async Task ApplyAsync(StatusEvent item, StreamSequenceToken? token)
    {
        var receipt = _acks.ReceiptFor(InfluencerId, token);
        if (!string.Equals(item.InfluencerId, InfluencerId, StringComparison.Ordinal))
        {
            // The stream key is the influencer id; a mismatch is a bug upstream, never a reason to corrupt state.
            LogForeignEvent(InfluencerId, item.InfluencerId, item.EventId);
            _acks.Acknowledge(receipt);
            return;
        }

        Task? audit = null;
        if (_durable)
        {
            audit = Apply(item, receipt, durable: true);
        }
        else if (_unreconciled.Count < MaxUnreconciled)
        {
            _unreconciled.Add((item, receipt, _clock.GetUtcNow()));
            _ = Apply(item, receipt, durable: false); // provisional: no audit to wait for
        }
        else
        {
            // Left unacknowledged: the transport delivers it again once the state is back.
            LogUnreconciledFull(InfluencerId, MaxUnreconciled, item.EventId);
        }

        Settle();
        if (audit is { IsCompleted: false } && _durability.DeliveryWait > TimeSpan.Zero)
        {
            // The views moved already. While the database keeps up, the delivery also waits for the row, so this stream
            // stays one durable change after the other; during an outage it gives up waiting after DeliveryWait.
            await Task.WhenAny(audit, Task.Delay(_durability.DeliveryWait));
            Settle();
        }
    }

    /// <summary>
    /// Moves the views for one event. <paramref name="durable"/> false while provisional: the event only moves the views
    /// (classified against what this activation has seen) and is replayed with audit and acknowledgement once the
    /// stored state is settled. <paramref name="receivedAt"/>: when the event reached the grain — now, or for a replay
    /// the time it was first applied, so staleness and timestamps are judged as they were then.
    /// Returns the audit append of a durable change, null otherwise.
    /// </summary>
    private Task? Apply(StatusEvent item, DeliveryReceipt receipt, bool durable, DateTimeOffset? receivedAt = null)
    {
        if (State.Known && IsAlreadyApplied(item))
        {
            if (durable)
            {
                _metrics.Ignored.Add(1, new KeyValuePair<string, object?>("reason", item.Timestamp < State.LastSeen ? "out_of_order" : "duplicate"));
                AcknowledgeDuplicate(item.EventId, receipt);
            }

            return null;
        }

        var now = receivedAt ?? _clock.GetUtcNow();
        var wasStale = State.Known && (State.StaleRecorded || Liveness.IsStale(State.ReportedStatus, ExpiresAt, now, _suspectUntil));
        var change = StatusChange.Classify(State, item, wasStale);
        if (change is null)
        {
            ApplyHeartbeat(item, now);
            if (durable)
            {
                _metrics.Heartbeats.Add(1);
                _instruments.RecordApplied(item.Timestamp, now, change: false);
                _acks.Acknowledge(receipt); // nothing of a heartbeat has to be durable
            }

            return null;
        }

        using var span = ChimeraTelemetry.StartChange(item, change);
        var previous = State.Known ? EffectiveStatus(now) : (InfluencerStatus?)null;
        var audit = durable ? StartAudit(AuditRecordFactory.StatusChange(item, previous, change, now)) : null;

        var capabilitiesChanged = !State.Known || !StatusChange.SameCapabilities(State.Capabilities, item.Capabilities);
        if (capabilitiesChanged)
        {
            State.ProbeVerified = false;
        }

        Absorb(item, capabilitiesChanged);
        State.LastChangeAt = now;
        State.BaselineLoad = item.Load;
        State.BaselineConfidence = item.Confidence;
        State.BaselineRelevance = item.RelevanceScore;
        State.StaleRecorded = false;
        NextRoutingVersion(now);
        State.Known = true;
        if (durable)
        {
            Require();
        }
        else
        {
            _mutations++;
        }

        PublishToIndex(now);
        PublishLatest(now);
        ArmStaleTimer();
        if (durable)
        {
            _metrics.Changes.Add(1);
            _instruments.RecordApplied(item.Timestamp, now, change: true);
            _announceDue = true;
            _owed.Add(new OwedAcknowledgement(item.EventId, receipt, _mutations, now));
        }

        return audit;
    }

    /// <summary>
    /// Raises the routing version. It follows the domain clock's ticks (and always rises by at least one), so an
    /// activation that runs without its stored state — whose counter would restart low — still publishes versions the
    /// index accepts over those of the activation before it.
    /// </summary>
    private void NextRoutingVersion(DateTimeOffset now) =>
        State.RoutingVersion = Math.Max(State.RoutingVersion + 1, now.UtcTicks);

    private void AcknowledgeDuplicate(string eventId, DeliveryReceipt receipt)
    {
        foreach (var owed in _owed)
        {
            if (owed.EventId == eventId)
            {
                // Its effects are still on their way: this copy is released with the original.
                if (!owed.Receipts.Contains(receipt))
                {
                    owed.Receipts.Add(receipt);
                }

                return;
            }
        }

        _acks.Acknowledge(receipt);
    }

    private bool IsAlreadyApplied(StatusEvent item) =>
        item.Timestamp < State.LastSeen || (item.Timestamp == State.LastSeen && State.IdsAtLastSeen.Contains(item.EventId));

    private void ApplyHeartbeat(StatusEvent item, DateTimeOffset now)
    {
        Absorb(item, capabilitiesChanged: false);
        _mutations++;
        if (State.ReportedStatus != InfluencerStatus.Offline)
        {
            // Batched per silo: one routing message and one Redis pipeline per flush, never one per heartbeat.
            _leases.Renew(new LeaseRenewal(InfluencerId, State.RoutingVersion, ExpiresAt));
            _outbound.RefreshLatest(BuildView(now));
        }
    }

    /// <summary>Takes the event's values; a heartbeat passes <paramref name="capabilitiesChanged"/> false (the same set by definition, spec §4).</summary>
    private void Absorb(StatusEvent item, bool capabilitiesChanged)
    {
        if (item.Timestamp == State.LastSeen)
        {
            State.IdsAtLastSeen.Add(item.EventId);
        }
        else
        {
            State.IdsAtLastSeen.Clear();
            State.IdsAtLastSeen.Add(item.EventId);
        }

        State.ReportedStatus = item.Status;
        if (capabilitiesChanged)
        {
            State.Capabilities = [.. item.Capabilities];
        }

        State.CurrentTask = item.CurrentTask;
        State.Load = item.Load;
        State.Confidence = item.Confidence;
        State.RelevanceScore = item.RelevanceScore;
        State.LastSeen = item.Timestamp;
        State.LastEventId = item.EventId;
        State.Ttl = HeartbeatCadence.Ttl(item.RelevanceScore, _cadence.Conservative);
        State.Source = item.Source;
        State.Provenance = item.Provenance;
        State.TraceId = item.TraceId;

        // A real event ends the recovery grace and any self-preservation hold: liveness is its own again.
        _graceUntil = null;
        _suspectUntil = null;
    }

    private bool IsStaleAt(DateTimeOffset now) =>
        State.StaleRecorded || Liveness.IsStale(State.ReportedStatus, ExpiresAt, now, _suspectUntil);

    private InfluencerStatus EffectiveStatus(DateTimeOffset now) => IsStaleAt(now) ? InfluencerStatus.Offline : State.ReportedStatus;

    /// <summary>The grain state after a successful load: decide the recovery grace (spec §3.5).</summary>
    private void OnStateLoaded()
    {
        if (State.Known && !State.StaleRecorded && State.ReportedStatus != InfluencerStatus.Offline && !State.LastSeenIsCurrent)
        {
            // Written on a change, not on a graceful deactivation: heartbeats after it may have been lost in a crash,
            // so the stored last_seen proves nothing about silence since. Judge from one TTL after activation instead.
            _graceUntil = _activatedAt + State.Ttl;
        }

        State.LastSeenIsCurrent = false;
    }

    /// <summary>
    /// Redo the derived effects of the loaded state (a crash may have lost any of them): the routing entry, the latest
    /// key, the announce (only if its fingerprint moved), the reminder, and the staleness timer.
    /// </summary>
    private void AfterLoad(DateTimeOffset now)
    {
        if (!State.Known)
        {
            return;
        }

        PublishToIndex(now);
        PublishLatest(now);
        _announceDue = true;
        ArmStaleTimer();
    }

    /// <summary>
    /// Ends the provisional phase: the stored state is back (it loaded late, or the crash catch-up is over). Everything
    /// this activation received meanwhile is replayed against it in timestamp order — re-delivered changes the crashed
    /// activation owed included, even if they came after newer events — with audit rows and acknowledgements as usual.
    /// </summary>
    private void Reconcile(InfluencerState stored)
    {
        var published = State.RoutingVersion;
        var events = _unreconciled.Select((e, arrival) => (e.Event, e.Receipt, e.AppliedAt, Arrival: arrival))
            .OrderBy(e => e.Event.Timestamp).ThenBy(e => e.Arrival).ToArray();
        _unreconciled.Clear();
        _state = stored;
        _base = null;
        _durable = true;
        _graceUntil = null;
        _suspectUntil = null;
        OnStateLoaded();
        if (published > State.RoutingVersion)
        {
            // The index saw this activation's provisional versions: continue above them, or it ignores what follows.
            State.RoutingVersion = published;
        }

        foreach (var (item, receipt, appliedAt, _) in events)
        {
            Apply(item, receipt, durable: true, appliedAt);
        }

        NextRoutingVersion(_clock.GetUtcNow());
        AfterLoad(_clock.GetUtcNow());
        LogReconciled(InfluencerId, events.Length);
    }

    private async Task DetectStaleAsync()
    {
        if (!_durable || !State.Known || State.StaleRecorded || State.ReportedStatus == InfluencerStatus.Offline)
        {
            return;
        }

        var now = _clock.GetUtcNow();
        var expiresAt = ExpiresAt;
        if (!Liveness.IsExpired(expiresAt, now) || _suspectUntil > now)
        {
            return;
        }

        var verdict = await JudgeExpiryAsync(expiresAt);
        now = _clock.GetUtcNow();
        if (verdict.HoldUntil is { } until && until > now)
        {
            // Self-preservation (spec §3.6): no stale row, no "gone" announcement; routed last until the hold ends.
            var first = _suspectUntil is null;
            _suspectUntil = until;
            if (first)
            {
                LogSuspect(InfluencerId, expiresAt, until);
            }

            _outbound.RefreshLatest(BuildView(now));
            ArmStaleTimer();
            return;
        }

        var afterHold = _suspectUntil is not null;
        _suspectUntil = null;
        var note = _graceUntil is not null ? " (after the recovery grace of a reactivation)" : afterHold ? " (after a self-preservation hold)" : null;
        _ = StartAudit(AuditRecordFactory.StaleDetected(InfluencerId, State, expiresAt, now, note));
        State.StaleRecorded = true;
        NextRoutingVersion(now);
        Require();
        _metrics.StaleDetections.Add(1);
        LogStale(InfluencerId, State.LastSeen, State.Ttl);
        PublishToIndex(now);
        PublishLatest(now);
        _announceDue = true;
    }

    private async Task<ExpiryVerdict> JudgeExpiryAsync(DateTimeOffset expiresAt)
    {
        try
        {
            return await GrainFactory.GetGrain<IRoutingGrain>(IRoutingGrain.DefaultPool).JudgeExpiryAsync(InfluencerId, expiresAt);
        }
        catch (Exception ex)
        {
            // Without an answer the plain liveness rule applies: self-preservation is the exception, never the default.
            LogJudgeFailed(ex, InfluencerId);
            return ExpiryVerdict.Expire;
        }
    }

    /// <summary>
    /// Arms the one-shot staleness timer for the current expiry (or the end of a hold). The timer runs on the Chimera
    /// clock and enters the grain as a message (<see cref="CheckStalenessAsync"/>), so it keeps the grain's
    /// single-threaded guarantee and tests can fire it by advancing a fake clock.
    /// </summary>
    private void ArmStaleTimer()
    {
        // Provisional: nothing is judged (reconciliation arms it), so an expired view cannot spin the timer.
        if (!_durable || !State.Known || State.StaleRecorded || State.ReportedStatus == InfluencerStatus.Offline)
        {
            return;
        }

        var at = _suspectUntil is { } until && until > ExpiresAt ? until : ExpiresAt;
        var due = at - _clock.GetUtcNow();
        if (due < TimeSpan.Zero)
        {
            due = TimeSpan.Zero;
        }

        if (_staleTimer is null)
        {
            _staleTimer = _clock.CreateTimer(static state => ((IInfluencerGrain)state!).CheckStalenessAsync().AsTask().Ignore(), _self, due, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _staleTimer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    private void PublishToIndex(DateTimeOffset now)
    {
        var entry = new RoutingEntry(InfluencerId, State.RoutingVersion, EffectiveStatus(now), State.Capabilities, State.Load, State.Confidence,
            State.RelevanceScore, ExpiresAt, State.PendingProbe is not null, State.ProbeVerified);
        GrainFactory.GetGrain<IRoutingGrain>(IRoutingGrain.DefaultPool).UpsertAsync(entry).AsTask().Ignore();
    }

    /// <summary>Writes the latest key for the view as of now: it covers every mutation so far.</summary>
    private void PublishLatest(DateTimeOffset now)
    {
        var write = _outbound.PublishLatestAsync(BuildView(now));
        _latestWrite = (write, _mutations);
        Watch(write);
    }

    /// <summary>Marks the state as having to reach storage (a change, a stale detection, a probe).</summary>
    private void Require()
    {
        _mutations++;
        _required = _mutations;
    }

    private Task StartAudit(AuditRecord record)
    {
        var append = _audit.AppendAsync(record);
        _audits[record.EventId] = new PendingAudit(record, append);
        Watch(append);
        return append;
    }

    /// <summary>Wakes the grain (one coalesced call) when an effect it waits on completes, so acks follow durability promptly.</summary>
    private void Watch(Task task)
    {
        if (task.IsCompleted)
        {
            return;
        }

        task.ContinueWith(static (_, state) => ((InfluencerGrain)state!).Poke(), this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void Poke()
    {
        if (Interlocked.Exchange(ref _pokeSent, 1) == 1)
        {
            return;
        }

        try
        {
            _self.ProgressAsync().AsTask().Ignore();
        }
        catch (Exception ex)
        {
            // The silo is stopping or the grain is gone; the pump timer (or the next activation) settles instead.
            Volatile.Write(ref _pokeSent, 0);
            LogPokeFailed(ex, InfluencerId);
        }
    }

    /// <summary>
    /// Advances every pending effect without waiting: collects finished audit rows and writes, starts the state write
    /// once all audit rows it covers are durable, retries what failed, releases acknowledgements whose effects are all
    /// durable, dead-letters what waited past the outage window, and reschedules itself while anything is pending.
    /// </summary>
    private void Settle()
    {
        if (!HasPendingWork)
        {
            // The heartbeat path: nothing to settle, nothing to allocate, no timer to touch.
            DisarmPump();
            return;
        }

        var now = _clock.GetUtcNow();
        var progressed = false;
        var failing = false;
        if (!_durable)
        {
            progressed |= SettleProvisional(ref failing);
        }

        foreach (var (id, pending) in _audits.Count == 0 ? [] : _audits.ToArray())
        {
            if (!pending.Append.IsCompleted)
            {
                continue;
            }

            if (pending.Append.IsCompletedSuccessfully)
            {
                _audits.Remove(id);
                progressed = true;
            }
            else if (RetryDue())
            {
                pending.Failures++;
                LogAuditRetry(pending.Append.Exception?.GetBaseException(), InfluencerId, id, pending.Failures);
                pending.Append = _audit.AppendAsync(pending.Record);
                Watch(pending.Append);
                failing = true;
            }
            else
            {
                failing = true;
            }
        }

        progressed |= SettleAnnounce(now, ref failing);
        if (_stateWrite is { IsCompleted: true } write)
        {
            _stateWrite = null;
            if (write.IsCompletedSuccessfully)
            {
                _persisted = Math.Max(_persisted, _writing);
                progressed = true;
                if (_stateWriteFailing)
                {
                    _stateWriteFailing = false;
                    LogStateWriteRecovered(InfluencerId);
                }
            }
            else
            {
                if (!_stateWriteFailing)
                {
                    _stateWriteFailing = true;
                    LogStateWriteFailed(write.Exception?.GetBaseException(), InfluencerId);
                }

                failing = true;
            }
        }

        // The state is written once its audit rows are durable and its announce is out, so one write also records what
        // was announced: a reactivation after a crash then announces only what really did not go out.
        if (_durable && _stateWrite is null && _required > _persisted && _audits.Count == 0 && _announcing is null && !_announceDue
            && (!_stateWriteFailing || RetryDue()))
        {
            _writing = _mutations;
            _stateWrite = _store.WriteAsync(State);
            Watch(_stateWrite);
        }

        if (_latestWrite is { Task.IsCompleted: true } latest)
        {
            _latestWrite = null;
            if (latest.Task.IsCompletedSuccessfully)
            {
                _latestWritten = Math.Max(_latestWritten, latest.Mutation);
                progressed = true;
            }
            else
            {
                failing = true;
                LogOutboundFailed(latest.Task.Exception?.GetBaseException(), InfluencerId);
                if (State.Known)
                {
                    PublishLatest(now);
                }
            }
        }

        progressed |= SettleReminder(now, ref failing);
        progressed |= PayAcknowledgements(now, ref failing);
        if (progressed)
        {
            _backoff = TimeSpan.Zero;
        }

        ScheduleNext(failing);
    }

    private bool SettleProvisional(ref bool failing)
    {
        if (_base is not null)
        {
            if (TimeProvider.System.GetUtcNow() < _catchUpUntil)
            {
                return false;
            }

            Reconcile(_base);
            return true;
        }

        if (_loading is null)
        {
            if (!RetryDue())
            {
                failing = true;
                return false;
            }

            _loading = _store.ReadAsync();
            Watch(_loading);
        }

        if (!_loading.IsCompleted)
        {
            return false;
        }

        var loading = _loading;
        _loading = null;
        if (loading.IsCompletedSuccessfully)
        {
            if (NeedsCatchUp(loading.Result) && TimeProvider.System.GetUtcNow() < _catchUpUntil)
            {
                _base = loading.Result;
                return true;
            }

            Reconcile(loading.Result);
            return true;
        }

        failing = true;
        return false;
    }

    private bool SettleAnnounce(DateTimeOffset now, ref bool failing)
    {
        var progressed = false;
        if (_announcing is { Task.IsCompleted: true } announcing)
        {
            _announcing = null;
            if (announcing.Task.IsCompletedSuccessfully)
            {
                _announceEnvelope = null;
                State.AnnouncedProfile = announcing.Fingerprint;
                _mutations++;
                progressed = true;
            }
            else
            {
                // Retried until it is out (spec §6.4): the entry that caused it stays unacknowledged until then.
                LogOutboundFailed(announcing.Task.Exception?.GetBaseException(), InfluencerId);
                _announceDue = true;
                failing = true;
            }
        }

        if (_announceDue && _announcing is null && _durable && State.Known && (!failing || RetryDue()))
        {
            var profile = PublicProfile.Build(InfluencerId, State, _announce);
            var fingerprint = PublicProfile.Fingerprint(profile, EffectiveStatus(now) != InfluencerStatus.Offline);
            _announceDue = false;
            if (fingerprint != State.AnnouncedProfile)
            {
                if (_announceEnvelope is not { } envelope || envelope.Fingerprint != fingerprint)
                {
                    _announceEnvelope = envelope = (fingerprint, Guid.NewGuid());
                }

                var task = _outbound.AnnounceAsync(profile, envelope.Id);
                _announcing = (task, fingerprint);
                Watch(task);
            }
            else
            {
                progressed = true;
            }
        }

        return progressed;
    }

    private bool SettleReminder(DateTimeOffset now, ref bool failing)
    {
        var progressed = false;
        if (_reminderChange is { IsCompleted: true } change)
        {
            _reminderChange = null;
            if (change.IsCompletedSuccessfully)
            {
                State.ReminderRegistered = change.Result;
                _mutations++;
                progressed = true;
            }
            else
            {
                LogReminderFailed(change.Exception?.GetBaseException(), InfluencerId);
                failing = true;
            }
        }

        // Registered until staleness is judged (recorded) or the influencer reported offline: the durable backstop.
        var wanted = State.Known && !State.StaleRecorded && State.ReportedStatus != InfluencerStatus.Offline;
        if (_durable && State.Known && _reminderChange is null && wanted != State.ReminderRegistered && (!failing || RetryDue()))
        {
            _reminderChange = wanted ? RegisterReminderAsync(State.Ttl) : UnregisterReminderAsync();
            Watch(_reminderChange);
        }

        return progressed;
    }

    private async Task<bool> RegisterReminderAsync(TimeSpan period)
    {
        await this.RegisterOrUpdateReminder(StalenessReminder, period, period);
        return true;
    }

    private async Task<bool> UnregisterReminderAsync()
    {
        var reminder = await this.GetReminder(StalenessReminder);
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }

        return false;
    }

    /// <summary>Releases every owed entry whose effects are all durable; dead-letters those past the outage window.</summary>
    private bool PayAcknowledgements(DateTimeOffset now, ref bool failing)
    {
        var progressed = false;
        var viewsOut = _announcing is null && !_announceDue;
        for (var i = _owed.Count - 1; i >= 0; i--)
        {
            var owed = _owed[i];
            if (owed.DeadLetter is { } letter)
            {
                if (!letter.IsCompleted)
                {
                    continue;
                }

                if (letter.IsCompletedSuccessfully)
                {
                    _owed.RemoveAt(i);
                    progressed = true;
                    continue;
                }

                LogDeadLetterFailed(letter.Exception?.GetBaseException(), InfluencerId, owed.EventId);
                owed.DeadLetter = null;
                failing = true;
            }

            if (!_audits.ContainsKey(owed.EventId) && _persisted >= owed.Mutation && _latestWritten >= owed.Mutation && viewsOut)
            {
                foreach (var receipt in owed.Receipts)
                {
                    _acks.Acknowledge(receipt);
                }

                _owed.RemoveAt(i);
                progressed = true;
                continue;
            }

            if (now - owed.AppliedAt >= _durability.OutageWindow && owed.DeadLetter is null && (!failing || RetryDue()))
            {
                // The promise "acknowledged only once durable" cannot be kept any longer: say so on the dead-letter topic.
                LogGivingUp(InfluencerId, owed.EventId, _durability.OutageWindow);
                owed.DeadLetter = DeadLetterAllAsync(owed.Receipts.ToArray(), owed.EventId);
                Watch(owed.DeadLetter);
            }
        }

        for (var i = _unreconciled.Count - 1; i >= 0 && !_durable; i--)
        {
            var (item, receipt, appliedAt) = _unreconciled[i];
            if (!receipt.IsNone && now - appliedAt >= _durability.OutageWindow)
            {
                // As for a durable change past the window: the entry is released on the dead-letter topic, the event
                // stays applied and is still replayed (and audited) once the state is back.
                LogGivingUp(InfluencerId, item.EventId, _durability.OutageWindow);
                _unreconciled[i] = (item, DeliveryReceipt.None, appliedAt);
                _acks.DeadLetterAsync(receipt, GiveUpMessage(item.EventId)).Ignore();
            }
        }

        return progressed;
    }

    private async Task DeadLetterAllAsync(DeliveryReceipt[] receipts, string eventId)
    {
        foreach (var receipt in receipts)
        {
            await _acks.DeadLetterAsync(receipt, GiveUpMessage(eventId));
        }
    }

    private string GiveUpMessage(string eventId) =>
        $"event {eventId} of influencer {InfluencerId} was applied to the views, but its audit row and state were not durable within " +
        $"{DurabilityOptions.SectionName}:OutageWindow ({_durability.OutageWindow}); it was released unacknowledged-by-durability";

    /// <summary>Retries run on real time, like the pump timer: a faked domain clock must not freeze (or race) them.</summary>
    private bool RetryDue() => TimeProvider.System.GetUtcNow() >= _retryAt;

    private bool HasPendingWork =>
        !_durable || _audits.Count > 0 || _owed.Count > 0 || _required > _persisted || _stateWrite is not null || _latestWrite is not null
        || _announceDue || _announcing is not null || _reminderChange is not null;

    private void DisarmPump()
    {
        if (_pumpArmed)
        {
            _pumpArmed = false;
            _pump?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    private void ScheduleNext(bool failing)
    {
        if (!HasPendingWork)
        {
            DisarmPump();
            return;
        }

        _pumpArmed = true;

        // Completions wake the grain by themselves (Watch); the timer is the retry clock for failures and the backstop.
        if (failing)
        {
            _backoff = _backoff == TimeSpan.Zero ? _durability.RetryMinBackoff : TimeSpan.FromTicks(Math.Min(_backoff.Ticks * 2, _durability.RetryMaxBackoff.Ticks));
        }

        var due = failing ? _backoff : _durability.RetryMaxBackoff;
        if (!_durable && _base is not null)
        {
            var catchUp = _catchUpUntil - TimeProvider.System.GetUtcNow();
            due = catchUp < due ? (catchUp > TimeSpan.Zero ? catchUp : TimeSpan.Zero) : due;
        }

        _retryAt = TimeProvider.System.GetUtcNow() + due;
        if (_pump is null)
        {
            _pump = this.RegisterGrainTimer(static self => { self.Settle(); return Task.CompletedTask; }, this,
                new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        }
        else
        {
            _pump.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    private InfluencerView BuildView(DateTimeOffset now)
    {
        var expiresAt = ExpiresAt;
        var stale = IsStaleAt(now);
        var suspect = !State.StaleRecorded && Liveness.IsSuspect(State.ReportedStatus, expiresAt, now, _suspectUntil);
        return new InfluencerView
        {
            InfluencerId = InfluencerId,
            Status = stale ? InfluencerStatus.Offline : State.ReportedStatus,
            ReportedStatus = State.ReportedStatus,
            IsStale = stale,
            Capabilities = State.Capabilities,
            CurrentTask = State.CurrentTask,
            Load = State.Load,
            Confidence = State.Confidence,
            RelevanceScore = State.RelevanceScore,
            LastSeen = State.LastSeen,
            ExpiresAt = expiresAt,
            HeartbeatInterval = State.Ttl / HeartbeatCadence.TtlMultiplier,
            Ttl = State.Ttl,
            LastEventId = State.LastEventId,
            LastChangeAt = State.LastChangeAt,
            PendingProbe = State.PendingProbe is { } probe && now < probe.ScheduledAt + ChangeRules.ProbeHold ? probe : null,
            ProbesPassed = State.ProbesPassed,
            ProbesTotal = State.ProbesTotal,
            TrustScore = TrustScore.Compute(State.Confidence, State.ProbesPassed, State.ProbesTotal),
            LastProbeResult = State.LastProbeResult,
            IsSuspect = suspect,
            SuspectUntil = suspect ? _suspectUntil : null,
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Influencer {InfluencerId} is stale: last seen {LastSeen:O}, TTL {Ttl}")]
    private partial void LogStale(string influencerId, DateTimeOffset lastSeen, TimeSpan ttl);

    [LoggerMessage(Level = LogLevel.Information, Message = "Influencer {InfluencerId} expired at {ExpiresAt:O} while the ingest path is failing: held as suspect until {Until:O} at the latest")]
    private partial void LogSuspect(string influencerId, DateTimeOffset expiresAt, DateTimeOffset until);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stream for influencer {InfluencerId} delivered event {EventId} of influencer {Other}; ignored")]
    private partial void LogForeignEvent(string influencerId, string other, string eventId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbound publish for influencer {InfluencerId} failed; retried, and its entry stays unacknowledged until it succeeds")]
    private partial void LogOutboundFailed(Exception? exception, string influencerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not persist the state of influencer {InfluencerId}; retried, and its changes stay unacknowledged until it succeeds")]
    private partial void LogStateWriteFailed(Exception? exception, string influencerId);

    [LoggerMessage(Level = LogLevel.Information, Message = "The state of influencer {InfluencerId} is persisted again")]
    private partial void LogStateWriteRecovered(string influencerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The state of influencer {InfluencerId} could not be loaded within {Timeout}; applying events to the views and reconciling once it loads")]
    private partial void LogStateUnavailable(Exception exception, string influencerId, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Information, Message = "Influencer {InfluencerId} was reactivated after a crash: what it applies stays provisional for {CatchUp} while owed entries are re-delivered")]
    private partial void LogCatchingUp(string influencerId, TimeSpan catchUp);

    [LoggerMessage(Level = LogLevel.Information, Message = "The state of influencer {InfluencerId} is settled; {Events} events applied meanwhile were replayed against it")]
    private partial void LogReconciled(string influencerId, int events);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Influencer {InfluencerId} keeps {Max} events while its state is not loaded; event {EventId} stays unacknowledged and is delivered again later")]
    private partial void LogUnreconciledFull(string influencerId, int max, string eventId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit row {RowId} of influencer {InfluencerId} is not durable (attempt {Failures}); appending it again")]
    private partial void LogAuditRetry(Exception? exception, string influencerId, string rowId, int failures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not register or remove the staleness reminder of influencer {InfluencerId}; retried")]
    private partial void LogReminderFailed(Exception? exception, string influencerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not ask the routing pool whether influencer {InfluencerId} is held by self-preservation; it expires as usual")]
    private partial void LogJudgeFailed(Exception exception, string influencerId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Event {EventId} of influencer {InfluencerId} was not durable within the outage window {Window}: dead-lettering it as delivery_failed")]
    private partial void LogGivingUp(string influencerId, string eventId, TimeSpan window);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not dead-letter event {EventId} of influencer {InfluencerId}; retried")]
    private partial void LogDeadLetterFailed(Exception? exception, string influencerId, string eventId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not wake influencer {InfluencerId} after an effect completed; its timer settles instead")]
    private partial void LogPokeFailed(Exception exception, string influencerId);
}
