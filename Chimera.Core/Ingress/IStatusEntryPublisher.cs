using Chimera.Contracts.Model;
using Chimera.Contracts.Provenance;

namespace Chimera.Core.Ingress;

/// <summary>
/// How <see cref="Contracts.Grains.IStatusIngestGrain"/> hands on an accepted entry: onto the Orleans status
/// stream (embedded profile), or into the Redis partition an adapter would have used (Redis profile).
/// </summary>
public interface IStatusEntryPublisher
{
    Task PublishAsync(SignedStatusEntry entry, StatusEvent accepted, CancellationToken cancellationToken = default);
}
