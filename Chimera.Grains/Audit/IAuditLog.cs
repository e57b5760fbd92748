using Chimera.Contracts.Grains;

namespace Chimera.Grains.Audit;

/// <summary>
/// The append-only audit log (spec §9). <see cref="AppendAsync"/> completes only when the row is durable,
/// so a grain that awaits it may acknowledge the event; appending an <see cref="AuditRecord.EventId"/> that
/// is already stored is a successful no-op (redelivery never adds a second row).
/// </summary>
public interface IAuditLog
{
    Task AppendAsync(AuditRecord record, CancellationToken cancellationToken = default);
}
