using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Contracts.Spec;
using Chimera.Grains.Audit;

namespace Chimera.Grains.Influencers;

// Staleness (spec §3.3, §3.6): the liveness rule as this grain applies it, the one-shot timer at the expiry, the durable
// reminder backstop and the self-preservation verdict asked of the routing pool.
internal sealed partial class InfluencerGrain
{
    private bool IsStaleAt(DateTimeOffset now) =>
        State.StaleRecorded || Liveness.IsStale(State.ReportedStatus, ExpiresAt, now, _suspectUntil);

    private InfluencerStatus EffectiveStatus(DateTimeOffset now) => IsStaleAt(now) ? InfluencerStatus.Offline : State.ReportedStatus;

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
}
