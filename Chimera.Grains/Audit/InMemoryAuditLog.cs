using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;

namespace Chimera.Grains.Audit;

/// <summary>
/// The embedded profile's audit log: same contract as the PostgreSQL one (idempotent by row key — influencer, kind
/// and row id, spec §9 — ordered by sequence), kept in memory and bounded to the newest <see cref="Capacity"/> rows. Not durable: the
/// embedded profile is for development and demos.
/// </summary>
public sealed class InMemoryAuditLog : IAuditLog, IAuditReader
{
    public const int Capacity = 200_000;

    private readonly LinkedList<AuditRecord> _rows = new();
    private readonly HashSet<(string Influencer, AuditKind Kind, string Id)> _ids = [];
    private readonly Lock _lock = new();
    private long _sequence;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _rows.Count;
            }
        }
    }

    public Task AppendAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (!_ids.Add(Key(record)))
            {
                return Task.CompletedTask;
            }

            _rows.AddLast(record with { Sequence = ++_sequence });
            if (_rows.Count > Capacity)
            {
                _ids.Remove(Key(_rows.First!.Value));
                _rows.RemoveFirst();
            }
        }

        return Task.CompletedTask;
    }

    private static (string, AuditKind, string) Key(AuditRecord record) => (record.InfluencerId, record.Kind, record.EventId);

    public Task<IReadOnlyList<AuditRecord>> GetHistoryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        if (query.Limit is < 1 or > AuditQuery.MaxLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.Limit, $"Limit must be 1 to {AuditQuery.MaxLimit}.");
        }

        lock (_lock)
        {
            IReadOnlyList<AuditRecord> rows = [.. _rows.Reverse()
                .Where(r => r.InfluencerId == query.InfluencerId && r.EventTime >= query.From && r.EventTime < query.To
                    && (query.BeforeSequence is null || r.Sequence < query.BeforeSequence))
                .OrderByDescending(r => r.EventTime).ThenByDescending(r => r.Sequence)
                .Take(query.Limit)];
            return Task.FromResult(rows);
        }
    }

    public Task<AuditRecord?> GetStatusAsOfAsync(string influencerId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var row = _rows
                .Where(r => r.InfluencerId == influencerId && r.EventTime <= at && r.Kind is AuditKind.StatusChange or AuditKind.StaleDetected)
                .OrderByDescending(r => r.EventTime).ThenByDescending(r => r.Sequence)
                .FirstOrDefault();
            return Task.FromResult(row);
        }
    }

    public Task<IReadOnlyDictionary<string, long>> CountByStatusAsync(StatusCountsQuery query, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyDictionary<string, long> counts = _rows
                .Where(r => r.Kind is AuditKind.StatusChange or AuditKind.StaleDetected && r.EventTime >= query.From && r.EventTime < query.To)
                .GroupBy(r => r.NewStatus.ToWire())
                .ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
            return Task.FromResult(counts);
        }
    }
}
