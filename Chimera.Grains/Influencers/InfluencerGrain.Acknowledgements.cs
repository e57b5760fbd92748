using Chimera.Core.Delivery;
using Chimera.Core.Hosting;

namespace Chimera.Grains.Influencers;

// Transport acknowledgements (spec §2.3): an entry is acknowledged once every effect of its change is durable, and
// dead-lettered as delivery_failed once it waited past the outage window (spec §8.1).
internal sealed partial class InfluencerGrain
{
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
}
