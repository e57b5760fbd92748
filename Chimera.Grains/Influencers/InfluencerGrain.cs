using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Contracts.Spec;
using Chimera.Grains.Audit;
using Chimera.Grains.Hosting;
using Chimera.Grains.Outbound;
using Chimera.Grains.Routing;
using Chimera.Grains.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;

namespace Chimera.Grains.Influencers;

/// <summary>
/// One influencer's live status (spec §3–§6). Consumes its own Orleans stream (implicit subscription,
/// key = influencer_id), ignores duplicates and out-of-order events, treats unchanged heartbeats as
/// last-seen updates only, and on a change writes the audit row (awaited: the stream may acknowledge
/// only after it is durable), its state, the routing index and the outbound topics.
/// Staleness: a grain timer at last_seen + TTL, a reminder as the durable backstop, and every read
/// applies expiry itself, so no answer depends on a timer firing on time.
/// </summary>
[ImplicitStreamSubscription(PerceptionNames.StatusTopic)]
internal sealed partial class InfluencerGrain : Grain, IInfluencerGrain, IRemindable
{
    private const string StalenessReminder = "staleness";

    private readonly IPersistentState<InfluencerState> _state;
    private readonly IAuditLog _audit;
    private readonly IStatusOutbound _outbound;
    private readonly RoutingLeaseBatcher _leases;
    private readonly AnnounceOptions _announce;
    private readonly CadenceOptions _cadence;
    private readonly TimeProvider _clock;
    private readonly ILogger<InfluencerGrain> _logger;
    private readonly ChimeraInstruments _instruments;
    private readonly ChimeraMetrics _metrics;
    private ITimer? _staleTimer;
    private bool _dirty;

    public InfluencerGrain(
        [PersistentState("influencer", ChimeraStreams.InfluencerStateStorage)] IPersistentState<InfluencerState> state,
        IAuditLog audit,
        IStatusOutbound outbound,
        RoutingLeaseBatcher leases,
        IOptions<AnnounceOptions> announce,
        IOptions<CadenceOptions> cadence,
        [FromKeyedServices(ChimeraClock.Key)] TimeProvider clock,
        ILogger<InfluencerGrain> logger,
        ChimeraInstruments instruments,
        ChimeraMetrics metrics)
    {
        _instruments = instruments;
        _metrics = metrics;
        _state = state;
        _audit = audit;
        _outbound = outbound;
        _leases = leases;
        _announce = announce.Value;
        _cadence = cadence.Value;
        _clock = clock;
        _logger = logger;
    }

    private string InfluencerId => this.GetPrimaryKeyString();

    private InfluencerState State => _state.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var stream = this.GetStreamProvider(ChimeraStreams.ProviderName)
            .GetStream<StatusEvent>(StreamId.Create(PerceptionNames.StatusTopic, InfluencerId));
        await stream.SubscribeAsync((item, _) => ApplyAsync(item));

        // After a restart or a move: a status that expired while nobody watched is detected now.
        await DetectStaleAsync();
        ArmStaleTimer();
        if (State.Known)
        {
            // The routing index is memory-only; an activation after a restart or move re-announces itself to it.
            PublishToIndex(_clock.GetUtcNow());
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _staleTimer?.Dispose();
        _staleTimer = null;
        if (_dirty && State.Known)
        {
            try
            {
                await _state.WriteStateAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The reminder backstop still ages the status out from the last persisted last_seen.
                LogStateWriteFailed(ex, InfluencerId);
            }
        }
    }

    public ValueTask<InfluencerView?> GetStatusAsync() =>
        ValueTask.FromResult(State.Known ? BuildView(_clock.GetUtcNow()) : null);

    public async ValueTask RecordProbeScheduledAsync(ProbeTicket ticket)
    {
        if (!State.Known || State.PendingProbe is { } pending && pending.ProbeId == ticket.ProbeId)
        {
            return;
        }

        await _audit.AppendAsync(RecordOfState(AuditKind.ProbeScheduled, "probe-scheduled:" + ticket.ProbeId, State.ReportedStatus,
            ticket.ScheduledAt, $"{ticket.ProbeId}: {ticket.Reason}") with { Capabilities = ticket.Capabilities });
        State.PendingProbe = ticket;
        _metrics.ProbesScheduled.Add(1);
        await _state.WriteStateAsync();
    }

    public ValueTask RepublishAsync()
    {
        if (State.Known)
        {
            PublishToIndex(_clock.GetUtcNow());
        }

        return ValueTask.CompletedTask;
    }

    public async ValueTask<InfluencerView> ReportProbeResultAsync(ProbeResult result)
    {
        if (State.PendingProbe is not { } pending || pending.ProbeId != result.ProbeId)
        {
            throw new ProbeNotFoundException($"Probe '{result.ProbeId}' is not pending for influencer '{InfluencerId}'" +
                (State.PendingProbe is { } other ? $" (the pending probe is '{other.ProbeId}')." : " (no probe is pending)."));
        }

        var now = _clock.GetUtcNow();
        var outcome = $"{result.ProbeId}: {(result.Passed ? "passed" : "failed")}{(result.Detail is null ? "" : " - " + result.Detail)}";
        await _audit.AppendAsync(RecordOfState(AuditKind.ProbeResult, "probe-result:" + result.ProbeId, State.ReportedStatus, result.ReportedAt, outcome)
            with { Capabilities = pending.Capabilities });

        State.PendingProbe = null;
        State.ProbesTotal++;
        if (result.Passed)
        {
            State.ProbesPassed++;
        }

        State.ProbeVerified = result.Passed;

        State.LastProbeResult = result;
        _metrics.ProbeResults.Add(1, new KeyValuePair<string, object?>("outcome", result.Passed ? "passed" : "failed"));
        State.RoutingVersion++;
        await _state.WriteStateAsync();
        PublishToIndex(now);
        await AnnounceIfChangedAsync(now);
        return BuildView(now);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != StalenessReminder)
        {
            return;
        }

        await DetectStaleAsync();
        if (!State.IsLive(_clock.GetUtcNow()))
        {
            await UnregisterStalenessReminderAsync();
        }
    }

    /// <summary>
    /// Applies one status event from the stream. Throws when the audit row cannot be made durable, so the stream
    /// redelivers and the event is applied in full; a later failure (state write, reminder) leaves the view applied
    /// and the state marked dirty for the next write.
    /// </summary>
    internal async Task ApplyAsync(StatusEvent item)
    {
        if (!string.Equals(item.InfluencerId, InfluencerId, StringComparison.Ordinal))
        {
            // The stream key is the influencer id; a mismatch is a bug upstream, never a reason to corrupt state.
            LogForeignEvent(InfluencerId, item.InfluencerId, item.EventId);
            return;
        }

        if (State.Known && IsAlreadyApplied(item))
        {
            _metrics.Ignored.Add(1, new KeyValuePair<string, object?>("reason", item.Timestamp < State.LastSeen ? "out_of_order" : "duplicate"));
            return;
        }

        var now = _clock.GetUtcNow();
        var wasStale = State.Known && (State.StaleRecorded || (State.ReportedStatus != InfluencerStatus.Offline && now >= State.ExpiresAt));
        var change = StatusChange.Classify(State, item, wasStale);
        if (change is null)
        {
            ApplyHeartbeat(item);
            _instruments.RecordApplied(item.Timestamp, now, change: false);
            return;
        }

        using var span = ChimeraTelemetry.StartChange(item, change);

        var previous = State.Known ? EffectiveStatus(now) : (InfluencerStatus?)null;
        await _audit.AppendAsync(new AuditRecord
        {
            EventId = item.EventId,
            Kind = AuditKind.StatusChange,
            InfluencerId = InfluencerId,
            PreviousStatus = previous,
            NewStatus = item.Status,
            Load = item.Load,
            Confidence = item.Confidence,
            RelevanceScore = item.RelevanceScore,
            Capabilities = item.Capabilities,
            CurrentTask = item.CurrentTask,
            EventTime = item.Timestamp,
            RecordedAt = now,
            Source = item.Source,
            AdapterId = item.Provenance?.AdapterId,
            TraceId = item.TraceId,
            Detail = change,
        });

        // The audit row is durable; only now does the in-memory view move, so a failed append leaves
        // the state as it was and the redelivered event is applied in full.
        var capabilitiesChanged = !State.Known || !StatusChange.SameCapabilities(State.Capabilities, item.Capabilities);
        if (capabilitiesChanged)
        {
            State.ProbeVerified = false;
        }

        Absorb(item, capabilitiesChanged);
        _dirty = true; // until WriteStateAsync succeeds; a failed write is retried on the next change or on deactivation
        State.LastChangeAt = now;
        State.BaselineLoad = item.Load;
        State.BaselineConfidence = item.Confidence;
        State.BaselineRelevance = item.RelevanceScore;
        State.StaleRecorded = false;
        State.RoutingVersion++;
        State.Known = true;
        _metrics.Changes.Add(1);

        if (State.IsLive(now))
        {
            if (!State.ReminderRegistered)
            {
                await RegisterStalenessReminderAsync();
            }
        }
        else if (State.ReminderRegistered)
        {
            await UnregisterStalenessReminderAsync();
        }

        await _state.WriteStateAsync();
        _dirty = false;
        PublishToIndex(now);
        await PublishLatestAsync();
        await AnnounceIfChangedAsync(now);
        ArmStaleTimer();
        _instruments.RecordApplied(item.Timestamp, now, change: true);
    }

    private bool IsAlreadyApplied(StatusEvent item) =>
        item.Timestamp < State.LastSeen || (item.Timestamp == State.LastSeen && State.IdsAtLastSeen.Contains(item.EventId));

    private void ApplyHeartbeat(StatusEvent item)
    {
        Absorb(item, capabilitiesChanged: false);
        _dirty = true;
        _metrics.Heartbeats.Add(1);
        if (State.ReportedStatus != InfluencerStatus.Offline)
        {
            _leases.Renew(new LeaseRenewal(InfluencerId, State.RoutingVersion, State.ExpiresAt));
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
    }

    private InfluencerStatus EffectiveStatus(DateTimeOffset now) =>
        State.StaleRecorded || now >= State.ExpiresAt ? InfluencerStatus.Offline : State.ReportedStatus;

    private async Task DetectStaleAsync()
    {
        var now = _clock.GetUtcNow();
        if (!State.Known || State.StaleRecorded || State.ReportedStatus == InfluencerStatus.Offline || now < State.ExpiresAt)
        {
            return;
        }

        await _audit.AppendAsync(RecordOfState(AuditKind.StaleDetected, $"stale:{InfluencerId}:{State.LastEventId}", InfluencerStatus.Offline, State.ExpiresAt,
            $"stale: no heartbeat since {State.LastSeen:O} (ttl {State.Ttl.TotalSeconds:0} s), detected {(now - State.ExpiresAt).TotalMilliseconds:0} ms after expiry")
            with { Source = State.Source, AdapterId = State.Provenance?.AdapterId, TraceId = State.TraceId });

        State.StaleRecorded = true;
        State.RoutingVersion++;
        _metrics.StaleDetections.Add(1);
        LogStale(InfluencerId, State.LastSeen, State.Ttl);
        await _state.WriteStateAsync();
        _dirty = false;
        PublishToIndex(now);
        await PublishLatestAsync();
        await AnnounceIfChangedAsync(now);
    }

    /// <summary>
    /// Arms the one-shot staleness timer for the current expiry. The timer runs on the Chimera clock and
    /// enters the grain as a message (<see cref="CheckStalenessAsync"/>), so it keeps the grain's
    /// single-threaded guarantee and tests can fire it by advancing a fake clock.
    /// </summary>
    private void ArmStaleTimer()
    {
        if (!State.Known || State.StaleRecorded || State.ReportedStatus == InfluencerStatus.Offline)
        {
            return;
        }

        var due = State.ExpiresAt - _clock.GetUtcNow();
        if (due < TimeSpan.Zero)
        {
            due = TimeSpan.Zero;
        }

        if (_staleTimer is null)
        {
            var self = this.AsReference<IInfluencerGrain>();
            _staleTimer = _clock.CreateTimer(static state => ((IInfluencerGrain)state!).CheckStalenessAsync().AsTask().Ignore(), self, due, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _staleTimer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    public async ValueTask CheckStalenessAsync()
    {
        // Heartbeats do not touch the timer (that would be work per heartbeat); it re-arms here instead.
        await DetectStaleAsync();
        ArmStaleTimer();
    }

    private async Task RegisterStalenessReminderAsync()
    {
        await this.RegisterOrUpdateReminder(StalenessReminder, State.Ttl, State.Ttl);
        State.ReminderRegistered = true;
    }

    private async Task UnregisterStalenessReminderAsync()
    {
        var reminder = await this.GetReminder(StalenessReminder);
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }

        State.ReminderRegistered = false;
    }

    private void PublishToIndex(DateTimeOffset now)
    {
        var status = EffectiveStatus(now);
        var entry = new RoutingEntry(InfluencerId, State.RoutingVersion, status, State.Capabilities, State.Load, State.Confidence,
            State.RelevanceScore, State.ExpiresAt, State.PendingProbe is not null, State.ProbeVerified);
        GrainFactory.GetGrain<IRoutingGrain>(IRoutingGrain.DefaultPool).UpsertAsync(entry).AsTask().Ignore();
    }

    private async Task PublishLatestAsync()
    {
        try
        {
            await _outbound.PublishLatestAsync(BuildView(_clock.GetUtcNow()));
        }
        catch (Exception ex)
        {
            // The latest-status key is a cache for outside readers; the audit log and grain state are canonical.
            LogOutboundFailed(ex, InfluencerId);
        }
    }

    private async Task AnnounceIfChangedAsync(DateTimeOffset now)
    {
        var profile = PublicProfile.Build(InfluencerId, State, _announce);
        var fingerprint = PublicProfile.Fingerprint(profile, EffectiveStatus(now) != InfluencerStatus.Offline);
        if (fingerprint == State.AnnouncedProfile)
        {
            return;
        }

        try
        {
            await _outbound.AnnounceAsync(profile);
            State.AnnouncedProfile = fingerprint;
        }
        catch (Exception ex)
        {
            LogOutboundFailed(ex, InfluencerId);
        }
    }

    /// <summary>An audit row describing the current state (probe and staleness rows); status-change rows describe their event instead.</summary>
    private AuditRecord RecordOfState(AuditKind kind, string eventId, InfluencerStatus newStatus, DateTimeOffset eventTime, string detail) =>
        new()
        {
            EventId = eventId,
            Kind = kind,
            InfluencerId = InfluencerId,
            PreviousStatus = State.ReportedStatus,
            NewStatus = newStatus,
            Load = State.Load,
            Confidence = State.Confidence,
            RelevanceScore = State.RelevanceScore,
            Capabilities = State.Capabilities,
            CurrentTask = State.CurrentTask,
            EventTime = eventTime,
            RecordedAt = _clock.GetUtcNow(),
            Detail = detail,
        };

    private InfluencerView BuildView(DateTimeOffset now)
    {
        var stale = State.StaleRecorded || (State.ReportedStatus != InfluencerStatus.Offline && now >= State.ExpiresAt);
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
            ExpiresAt = State.ExpiresAt,
            HeartbeatInterval = State.Ttl / HeartbeatCadence.TtlMultiplier,
            Ttl = State.Ttl,
            LastEventId = State.LastEventId,
            LastChangeAt = State.LastChangeAt,
            PendingProbe = State.PendingProbe is { } probe && now < probe.ScheduledAt + ChangeRules.ProbeHold ? probe : null,
            ProbesPassed = State.ProbesPassed,
            ProbesTotal = State.ProbesTotal,
            TrustScore = TrustScore.Compute(State.Confidence, State.ProbesPassed, State.ProbesTotal),
            LastProbeResult = State.LastProbeResult,
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Influencer {InfluencerId} is stale: last seen {LastSeen:O}, TTL {Ttl}")]
    private partial void LogStale(string influencerId, DateTimeOffset lastSeen, TimeSpan ttl);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stream for influencer {InfluencerId} delivered event {EventId} of influencer {Other}; ignored")]
    private partial void LogForeignEvent(string influencerId, string other, string eventId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbound publish for influencer {InfluencerId} failed; the canonical state is unaffected")]
    private partial void LogOutboundFailed(Exception exception, string influencerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not persist last-seen of influencer {InfluencerId} on deactivation")]
    private partial void LogStateWriteFailed(Exception exception, string influencerId);
}
