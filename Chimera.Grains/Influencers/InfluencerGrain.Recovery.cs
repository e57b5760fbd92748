using Chimera.Contracts.Model;

namespace Chimera.Grains.Influencers;

// Loading and reconciling the stored state (spec §3.5): the recovery grace, the crash catch-up and the replay of what
// this activation applied provisionally while the state was not settled.
internal sealed partial class InfluencerGrain
{
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
}
