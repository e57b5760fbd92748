using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Core.Audit;
using Orleans.Concurrency;

namespace Chimera.Grains.Audit;

/// <summary>Answers history queries from whichever audit store the silo runs with.</summary>
[StatelessWorker]
internal sealed class HistoryGrain(IAuditReader reader) : Grain, IHistoryGrain
{
    public async ValueTask<IReadOnlyList<AuditRecord>> GetHistoryAsync(AuditQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.To <= query.From)
        {
            throw new ArgumentException($"The range is empty: to ({query.To:O}) must be after from ({query.From:O}).", nameof(query));
        }

        return await reader.GetHistoryAsync(query);
    }

    public async ValueTask<AuditRecord?> GetStatusAsOfAsync(string influencerId, DateTimeOffset at) =>
        await reader.GetStatusAsOfAsync(influencerId, at);

    public async ValueTask<IReadOnlyDictionary<string, long>> CountByStatusAsync(StatusCountsQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.To <= query.From)
        {
            throw new ArgumentException($"The range is empty: to ({query.To:O}) must be after from ({query.From:O}).", nameof(query));
        }

        // Every status, zeros included (as the live counts): a consumer of the JSON needs no "missing means zero" rule.
        var counts = await reader.CountByStatusAsync(query);
        return Enum.GetValues<InfluencerStatus>().ToDictionary(s => s.ToWire(), s => counts.GetValueOrDefault(s.ToWire()), StringComparer.Ordinal);
    }
}
