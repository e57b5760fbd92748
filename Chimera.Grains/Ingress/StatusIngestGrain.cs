using Chimera.Contracts.Grains;
using Chimera.Contracts.Provenance;
using Chimera.Contracts.Validation;
using Chimera.Core.Hosting;
using Chimera.Core.Ingress;
using Chimera.Core.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Chimera.Grains.Ingress;

/// <summary>
/// The in-cluster entrance for signed entries: the same gate as the Redis receiver, then onto the status
/// stream. Stateless and local, so it scales with the silos. Each call is one entry, isolated (spec §8.5): a
/// fault while admitting it dead-letters it as <c>internal_error</c>; a transport that cannot take an admitted
/// entry is reported to the caller as <see cref="IngestUnavailableException"/> (the entry is valid: retry).
/// </summary>
[StatelessWorker]
internal sealed partial class StatusIngestGrain : Grain, IStatusIngestGrain
{
    private readonly IStatusEntryGate _gate;
    private readonly IStatusEntryPublisher _publisher;
    private readonly IDeadLetterSink _deadLetters;
    private readonly TimeProvider _clock;
    private readonly ILogger<StatusIngestGrain> _logger;
    private readonly ChimeraMetrics _metrics;

    public StatusIngestGrain(
        IStatusEntryGate gate,
        IStatusEntryPublisher publisher,
        IDeadLetterSink deadLetters,
        [FromKeyedServices(ChimeraClock.Key)] TimeProvider clock,
        ILogger<StatusIngestGrain> logger,
        ChimeraMetrics metrics)
    {
        _metrics = metrics;
        _gate = gate;
        _publisher = publisher;
        _deadLetters = deadLetters;
        _clock = clock;
        _logger = logger;
    }

    public async ValueTask<IReadOnlyList<Violation>> IngestAsync(SignedStatusEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        GateResult admitted;
        try
        {
            admitted = _gate.Admit(entry);
        }
        catch (Exception ex)
        {
            LogAdmitFault(ex);
            _metrics.CountRejected(RejectCodes.InternalError);
            admitted = GateResult.Reject(IngressFaults.InternalError(ex, "admit"));
        }

        if (!admitted.IsAccepted)
        {
            // The sink counts the letter (chimera.events.deadlettered), exactly once per letter on every profile.
            await _deadLetters.WriteAsync(new DeadLetter(DeadLetters.FieldsOf(entry), admitted.Violations, DeadLetters.IngestGrainOrigin, _clock.GetUtcNow()));
            return admitted.Violations;
        }

        using (var span = ChimeraTelemetry.StartBatch("ingest-grain", 1))
        {
            span?.SetTag(ChimeraTelemetry.EventTraceIdTag, admitted.Event.TraceId);
            try
            {
                await _publisher.PublishAsync(entry, admitted.Event);
            }
            catch (Exception ex)
            {
                LogPublishFailed(ex, admitted.Event.InfluencerId, admitted.Event.EventId);
                throw new IngestUnavailableException(
                    $"The entry was admitted but could not be put on the status stream ({ex.GetType().Name}); nothing was published, retry.");
            }
        }

        return [];
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Admitting an entry through the ingest grain failed; dead-lettered as internal_error")]
    private partial void LogAdmitFault(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing event {EventId} of influencer {InfluencerId} failed; the caller is told to retry")]
    private partial void LogPublishFailed(Exception exception, string influencerId, string eventId);
}
