using Chimera.Contracts.Grains;
using Chimera.Contracts.Provenance;

namespace Chimera.Adapters;

/// <summary>
/// Publishes through the cluster's <see cref="IStatusIngestGrain"/> (development adapters and the embedded
/// profile). Throws <see cref="StatusRejectedException"/> with the violations when the silo refuses the entry.
/// </summary>
public sealed class OrleansIngestTransport(IGrainFactory grains) : IAdapterTransport
{
    public async Task PublishAsync(SignedStatusEntry entry, string influencerId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var violations = await grains.GetGrain<IStatusIngestGrain>(0).IngestAsync(entry).AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
        if (violations.Count > 0)
        {
            throw new StatusRejectedException(violations);
        }
    }
}
