using Chimera.Contracts.Provenance;
using Chimera.Contracts.Validation;

namespace Chimera.Contracts.Grains;

/// <summary>
/// The in-cluster way in for a signed entry (development adapters, the embedded profile): verifies it
/// exactly as the Redis receiver does and puts it on the status stream. Production adapters publish to
/// Redis instead.
/// </summary>
public interface IStatusIngestGrain : IGrainWithIntegerKey
{
    /// <summary>Empty when accepted and queued; otherwise every violation (the entry was dead-lettered).</summary>
    ValueTask<IReadOnlyList<Violation>> IngestAsync(SignedStatusEntry entry);
}
