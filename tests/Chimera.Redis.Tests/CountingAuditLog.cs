using Chimera.Contracts.Grains;
using Chimera.Core.Audit;

namespace Chimera.Redis.Tests;

/// <summary>
/// Test-only <see cref="IAuditLog"/> of one silo: waits its turn at the cluster's <see cref="AppendHold"/>,
/// records the append in the cluster's <see cref="AppendLedger"/> (before the store's dedupe), then appends to
/// the audit log all silos share.
/// </summary>
internal sealed class CountingAuditLog(string siloName, InMemoryAuditLog inner, AppendLedger ledger, AppendHold hold) : IAuditLog
{
    public async Task AppendAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        await hold.WaitTurnAsync(siloName, record.EventId);
        ledger.Record(siloName, record.EventId);
        await inner.AppendAsync(record, cancellationToken);
    }
}
