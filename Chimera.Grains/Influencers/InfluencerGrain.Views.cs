using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Contracts.Spec;

namespace Chimera.Grains.Influencers;

// The views a change moves (spec §5, §6): the routing entry, the Redis latest-status key, the announcement and the
// registry view every read returns.
internal sealed partial class InfluencerGrain
{
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
}
