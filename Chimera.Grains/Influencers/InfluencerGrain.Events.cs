using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Contracts.Spec;
using Chimera.Core.Delivery;
using Chimera.Core.Telemetry;
using Chimera.Grains.Audit;
using Orleans.Streams;

namespace Chimera.Grains.Influencers;

// Applying one stream event (spec §3, §4): duplicates and out-of-order events are ignored, a heartbeat only refreshes
// last-seen and the leases, a change moves every view and starts its audit row; the effects settle in InfluencerGrain.Settling.cs.
internal sealed partial class InfluencerGrain
{
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
        var wasStale = State.Known && IsStaleAt(now);
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
}
