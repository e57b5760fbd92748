using Chimera.Contracts.Grains;

namespace Chimera.Grains.Influencers;

// Settling the pending effects without waiting on them (spec §2.3, §9): audit rows, the state write once every audit
// row it covers is durable, the latest-key writes, retries with back-off and the pump timer that drives them.
internal sealed partial class InfluencerGrain
{
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

        progressed |= SettleAudits(ref failing);
        progressed |= SettleAnnounce(now, ref failing);
        progressed |= SettleStateWrite(ref failing);
        progressed |= SettleLatest(now, ref failing);
        progressed |= SettleReminder(now, ref failing);
        progressed |= PayAcknowledgements(now, ref failing);
        if (progressed)
        {
            _backoff = TimeSpan.Zero;
        }

        ScheduleNext(failing);
    }

    /// <summary>Collects finished audit appends; re-appends a failed one once the retry is due (same row id, so idempotent).</summary>
    private bool SettleAudits(ref bool failing)
    {
        var progressed = false;
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

        return progressed;
    }

    /// <summary>Collects the finished state write and starts the next one once every audit row it covers is durable (spec §9).</summary>
    private bool SettleStateWrite(ref bool failing)
    {
        var progressed = false;
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

        return progressed;
    }

    /// <summary>Collects the finished latest-key write; a failed one is written again with the view as of now.</summary>
    private bool SettleLatest(DateTimeOffset now, ref bool failing)
    {
        var progressed = false;
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

        return progressed;
    }

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
}
