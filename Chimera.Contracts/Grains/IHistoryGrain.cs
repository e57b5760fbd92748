namespace Chimera.Contracts.Grains;

/// <summary>Reads the audit log (spec §9): history, status as of a time, counts. Stateless; any silo answers.</summary>
public interface IHistoryGrain : IGrainWithIntegerKey
{
    /// <summary>Audit rows of one influencer in a time range, newest first; page with the last row's sequence.</summary>
    ValueTask<IReadOnlyList<AuditRecord>> GetHistoryAsync(AuditQuery query);

    /// <summary>The influencer's status as of <paramref name="at"/> (the newest row at or before it), or null.</summary>
    ValueTask<AuditRecord?> GetStatusAsOfAsync(string influencerId, DateTimeOffset at);

    /// <summary>Number of status-change rows per new status in the range (wire names).</summary>
    ValueTask<IReadOnlyDictionary<string, long>> CountByStatusAsync(StatusCountsQuery query);
}
