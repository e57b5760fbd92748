using Chimera.Contracts.Provenance;

namespace Chimera.Grains.Ingress;

/// <summary>
/// Admission of one signed entry (spec §7.4): accepted with provenance, or rejected with violations. Total: it
/// returns for every input and never throws. <see cref="StatusEntryGate"/> is the implementation; the seam lets
/// hosts and tests observe or wrap admission (the receivers isolate each entry regardless, spec §8.5).
/// </summary>
public interface IStatusEntryGate
{
    GateResult Admit(SignedStatusEntry entry);
}
