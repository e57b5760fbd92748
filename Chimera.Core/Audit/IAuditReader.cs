using Chimera.Contracts.Grains;

namespace Chimera.Core.Audit;

/// <summary>Queries over the audit log; backs <see cref="IHistoryGrain"/>.</summary>
public interface IAuditReader
{
    Task<IReadOnlyList<AuditRecord>> GetHistoryAsync(AuditQuery query, CancellationToken cancellationToken = default);

    Task<AuditRecord?> GetStatusAsOfAsync(string influencerId, DateTimeOffset at, CancellationToken cancellationToken = default);

    Task<IReadOnlyDictionary<string, long>> CountByStatusAsync(StatusCountsQuery query, CancellationToken cancellationToken = default);
}
