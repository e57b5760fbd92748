using Chimera.Contracts.Grains;

namespace Chimera.Grains.Influencers;

/// <summary>An audit row handed to the audit log and not yet durable; re-appended (same row id, so no duplicate) if the append failed.</summary>
internal sealed class PendingAudit(AuditRecord record, Task append)
{
    public AuditRecord Record { get; } = record;

    public Task Append { get; set; } = append;

    public int Failures { get; set; }
}
