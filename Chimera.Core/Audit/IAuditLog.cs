using Chimera.Contracts.Grains;

namespace Chimera.Core.Audit;

/// <summary>
/// The append-only audit log (spec §9). <see cref="AppendAsync"/> completes only when the row is durable — while the
/// store is down that is when it is back (the PostgreSQL log keeps the row and writes it then) — so whoever releases
/// the event after it completes keeps "acknowledged only once durable"; callers that must not wait that long bound
/// their own wait. Appending a row whose key — influencer, kind and <see cref="AuditRecord.EventId"/> (spec §9) — is
/// already stored is a successful no-op (redelivery never adds a second row, and no influencer's event id can shadow
/// another influencer's row or an internal one). Build rows with <c>AuditRecordFactory</c>.
/// </summary>
public interface IAuditLog
{
    Task AppendAsync(AuditRecord record, CancellationToken cancellationToken = default);
}
