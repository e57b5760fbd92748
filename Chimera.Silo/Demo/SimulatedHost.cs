using Chimera.Adapters;
using Chimera.Contracts.Provenance;

namespace Chimera.Silo.Demo;

/// <summary>
/// The machine a simulated adapter runs on. When it "crashes" nothing it sends arrives any more, which is
/// what Chimera sees of a dead sidecar: silence, then the status ages out after its TTL.
/// </summary>
internal sealed class SimulatedHost(IAdapterTransport network) : IAdapterTransport
{
    private volatile bool _crashed;

    public void Crash() => _crashed = true;

    public bool Crashed => _crashed;

    public Task PublishAsync(SignedStatusEntry entry, string influencerId, CancellationToken cancellationToken = default) =>
        _crashed ? Task.CompletedTask : network.PublishAsync(entry, influencerId, cancellationToken);
}
