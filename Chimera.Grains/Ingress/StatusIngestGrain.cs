using Chimera.Contracts.Grains;
using Chimera.Contracts.Provenance;
using Chimera.Contracts.Validation;
using Chimera.Grains.Telemetry;
using Chimera.Grains.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Concurrency;

namespace Chimera.Grains.Ingress;

/// <summary>
/// The in-cluster entrance for signed entries: the same gate as the Redis receiver, then onto the status
/// stream. Stateless and local, so it scales with the silos.
/// </summary>
[StatelessWorker]
internal sealed class StatusIngestGrain : Grain, IStatusIngestGrain
{
    private readonly StatusEntryGate _gate;
    private readonly IStatusEntryPublisher _publisher;
    private readonly IDeadLetterSink _deadLetters;
    private readonly TimeProvider _clock;

    public StatusIngestGrain(
        StatusEntryGate gate,
        IStatusEntryPublisher publisher,
        IDeadLetterSink deadLetters,
        [FromKeyedServices(ChimeraClock.Key)] TimeProvider clock)
    {
        _gate = gate;
        _publisher = publisher;
        _deadLetters = deadLetters;
        _clock = clock;
    }

    public async ValueTask<IReadOnlyList<Violation>> IngestAsync(SignedStatusEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var admitted = _gate.Admit(entry);
        if (!admitted.IsAccepted)
        {
            await _deadLetters.WriteAsync(new DeadLetter(DeadLetters.FieldsOf(entry), admitted.Violations, "ingest-grain", _clock.GetUtcNow()));
            ChimeraMetrics.CountDeadLettered(admitted.Violations[0].Code);
            return admitted.Violations;
        }

        using (var span = ChimeraTelemetry.StartBatch("ingest-grain", 1))
        {
            span?.SetTag(ChimeraTelemetry.EventTraceIdTag, admitted.Event.TraceId);
            await _publisher.PublishAsync(entry, admitted.Event);
        }

        return [];
    }
}
