using Chimera.Contracts.Spec;
using Chimera.Contracts.Validation;
using Chimera.Core.Ingress;
using Chimera.Core.Telemetry;
using Orleans.Streams;
using StackExchange.Redis;

namespace Chimera.Redis.Streams;

// StatusQueueReceiver: each entry through the gate (spec §8): admitted ones become batch containers,
// rejected ones are dead-lettered and acknowledged at once, each entry isolated from the others (spec §8.5).
internal sealed partial class StatusQueueReceiver
{
    /// <summary>
    /// Admits one batch, each entry isolated from the others (spec §8.5): whatever goes wrong with one entry —
    /// transport damage, a gate rejection, or an exception while decoding, admitting or mapping it — dead-letters
    /// that entry (the last as <see cref="RejectCodes.InternalError"/> with the exception type) and the rest go on.
    /// Rejected entries are acked once their letters are stored; only Redis being unreachable makes the batch be
    /// read again. <paramref name="redelivered"/>: the entries were admitted once before (pending re-read, reclaim).
    /// </summary>
    private async Task<IList<IBatchContainer>> AdmitAsync(StreamEntry[] entries, DateTimeOffset now, bool redelivered = false)
    {
        using var span = ChimeraTelemetry.StartBatch(_address.Key!, entries.Length);
        var accepted = new List<IBatchContainer>(entries.Length);
        List<StreamEntry>? rejected = null;
        List<IReadOnlyList<Violation>>? reasons = null;
        foreach (var entry in entries)
        {
            IReadOnlyList<Violation> violations;
            try
            {
                if (Admit(entry, redelivered, out violations) is { } container)
                {
                    accepted.Add(container);
                    if (span is { IsAllDataRequested: true })
                    {
                        span.AddEvent(new System.Diagnostics.ActivityEvent("admitted", tags: new System.Diagnostics.ActivityTagsCollection
                        {
                            ["chimera.event.id"] = container.Event.EventId,
                            [ChimeraTelemetry.EventTraceIdTag] = container.Event.TraceId,
                        }));
                    }

                    continue;
                }
            }
            catch (Exception ex)
            {
                ReceiverLog.EntryFault(_logger, _address.Key!, (string?)entry.Id ?? "(no id)", ex);
                _metrics?.CountRejected(RejectCodes.InternalError);
                violations = [IngressFaults.InternalError(ex, "admit")];
            }

            (rejected ??= []).Add(entry);
            (reasons ??= []).Add(violations);
        }

        if (rejected is not null)
        {
            var letters = new Task[rejected.Count];
            var ids = new RedisValue[rejected.Count];
            for (var i = 0; i < letters.Length; i++)
            {
                letters[i] = WriteLetterAsync(rejected[i], reasons![i], now);
                ids[i] = rejected[i].Id;
            }

            await Task.WhenAll(letters).ConfigureAwait(false);
            await AckAsync(ids).ConfigureAwait(false);
        }

        span?.SetTag("chimera.ingest.accepted", accepted.Count);
        return accepted;
    }

    /// <summary>The entry's batch container when admitted; else null and why. May throw: the caller isolates it.</summary>
    private StatusBatchContainer? Admit(StreamEntry entry, bool redelivered, out IReadOnlyList<Violation> violations)
    {
        var signed = SignedEntryCodec.FromFields(entry.Values ?? [], out var damaged);
        if (signed is null)
        {
            // Refused as transport before the gate saw it: counted here, as the gate counts its own (spec §10).
            _metrics?.CountRejected(damaged!.Code);
            violations = [damaged!];
            return null;
        }

        // A re-delivered entry was admitted when first read: its replay window runs from when it entered the stream,
        // so an outage longer than the window does not turn valid changes into rejects (spec §7.4).
        var admitted = _gate.Admit(signed, redelivered ? EntryTime((string?)entry.Id) : null);
        if (!admitted.IsAccepted)
        {
            violations = admitted.Violations;
            return null;
        }

        var token = StreamEntryIds.TryToToken(entry.Id)
            ?? throw new FormatException("Redis returned an entry whose id is not a stream id");
        violations = [];
        return new StatusBatchContainer(StreamId.Create(PerceptionNames.StatusTopic, admitted.Event.InfluencerId), admitted.Event, token, entry.Id);
    }

    /// <summary>
    /// Writes one entry's dead letter. If the full letter fails for any reason but Redis being unreachable (a letter
    /// Redis refuses, a bug in formatting it), the letter without the original fields is written instead: a rejected
    /// entry is then still on record, and it cannot hold up its partition.
    /// </summary>
    private async Task WriteLetterAsync(StreamEntry entry, IReadOnlyList<Violation> violations, DateTimeOffset now)
    {
        var origin = _address.Origin(entry.Id);
        try
        {
            await _deadLetters.WriteRawAsync(entry.Values ?? [], violations, origin, now).ConfigureAwait(false);
        }
        catch (Exception ex) when (!IsUnreachable(ex))
        {
            ReceiverLog.DeadLetterFault(_logger, _address.Key!, (string?)entry.Id ?? "(no id)", ex);
            await _deadLetters.WriteWithoutOriginalAsync(violations, origin, now, ex).ConfigureAwait(false);
        }
    }
}
