using Chimera.Contracts.Model;
using Chimera.Contracts.Provenance;
using Chimera.Contracts.Spec;
using Chimera.Core.Hosting;
using Chimera.Core.Ingress;

namespace Chimera.Grains.Ingress;

/// <summary>Puts admitted events on the Orleans status stream (embedded profile: memory streams).</summary>
internal sealed class OrleansStreamEntryPublisher(IClusterClient client) : IStatusEntryPublisher
{
    public Task PublishAsync(SignedStatusEntry entry, StatusEvent accepted, CancellationToken cancellationToken = default) =>
        client.GetStreamProvider(ChimeraStreams.ProviderName)
            .GetStream<StatusEvent>(StreamId.Create(PerceptionNames.StatusTopic, accepted.InfluencerId))
            .OnNextAsync(accepted);
}
