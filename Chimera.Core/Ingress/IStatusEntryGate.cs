using Chimera.Contracts.Provenance;

namespace Chimera.Core.Ingress;

/// <summary>
/// Admission of one signed entry (spec §7.4): accepted with provenance, or rejected with violations. Total: it
/// returns for every input and never throws. <see cref="StatusEntryGate"/> is the implementation; the seam lets
/// hosts and tests observe or wrap admission (the receivers isolate each entry regardless, spec §8.5).
/// </summary>
public interface IStatusEntryGate
{
    /// <summary>
    /// Admits or rejects <paramref name="entry"/>. <paramref name="receivedAt"/>: when the transport first received it,
    /// for an entry delivered again after it was admitted once (its replay window runs from then, spec §7.4); null for
    /// a first delivery.
    /// </summary>
    GateResult Admit(SignedStatusEntry entry, DateTimeOffset? receivedAt = null);
}
