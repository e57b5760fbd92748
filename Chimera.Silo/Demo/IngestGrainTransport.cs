using Chimera.Client.Adapters;
using Chimera.Contracts.Grains;
using Chimera.Contracts.Provenance;

namespace Chimera.Silo.Demo;

/// <summary>Publishes demo entries through the in-cluster ingest grain (the embedded profile's adapter path).</summary>
internal sealed class IngestGrainTransport(IGrainFactory grains) : IAdapterTransport
{
    public async Task PublishAsync(SignedStatusEntry entry, string influencerId, CancellationToken cancellationToken = default)
    {
        var violations = await grains.GetGrain<IStatusIngestGrain>(0).IngestAsync(entry);
        if (violations.Count > 0)
        {
            throw new InvalidOperationException($"The silo rejected the entry for {influencerId}: {string.Join("; ", violations)}");
        }
    }
}
