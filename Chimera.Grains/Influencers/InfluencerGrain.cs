using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Contracts.Spec;
using Chimera.Core.Audit;
using Chimera.Core.Delivery;
using Chimera.Core.Hosting;
using Chimera.Core.Outbound;
using Chimera.Core.Telemetry;
using Chimera.Grains.Audit;
using Chimera.Grains.Hosting;
using Chimera.Grains.Routing;
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
}
