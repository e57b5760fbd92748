using Chimera.Contracts.Grains;

namespace Chimera.Grains.Audit;

/// <summary>
/// The append-only audit log (spec §9). <see cref="AppendAsync"/> completes only when the row is durable,
/// so a grain that awaits it may acknowledge the event; appending a row whose key — influencer, kind and
/// <see cref="AuditRecord.EventId"/> (spec §9) — is already stored is a successful no-op (redelivery never adds a
/// second row, and no influencer's event id can shadow another influencer's row or an internal one).
/// </summary>
public interface IAuditLog
{
    Task AppendAsync(AuditRecord record, CancellationToken cancellationToken = default);
}
