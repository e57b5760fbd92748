using Chimera.Contracts.Provenance;

namespace Chimera.Adapters;

/// <summary>
/// Where an adapter sends signed entries: Redis Streams in production (XADD into the influencer's
/// partition), or the cluster's ingest grain for development. Throws when the entry was not accepted by
/// the transport, so the adapter can buffer and retry.
/// </summary>
public interface IAdapterTransport
{
    Task PublishAsync(SignedStatusEntry entry, string influencerId, CancellationToken cancellationToken = default);
}
