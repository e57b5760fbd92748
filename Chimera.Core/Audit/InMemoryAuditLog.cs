using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Core.Changes;

namespace Chimera.Core.Audit;

/// <summary>
/// The embedded profile's audit log: same contract as the PostgreSQL one (idempotent by row key — influencer, kind
/// and row id, spec §9 — ordered by sequence), kept in memory and bounded to the newest <see cref="Capacity"/> rows.
/// Not durable: the embedded profile is for development and demos. Revisions equal sequences: both are assigned
/// under one lock at the moment a row is stored, so their order is the order rows became visible (spec §12). A read
/// after a revision that was already dropped fails with <see cref="ChangesDroppedException"/> instead of skipping.
/// </summary>
public sealed class InMemoryAuditLog : IAuditLog, IAuditReader, IChangeLog
{
    public const int DefaultCapacity = 200_000;

    public InMemoryAuditLog()
        : this(DefaultCapacity)
    {
    }

    internal InMemoryAuditLog(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    /// <summary>The newest rows kept; older ones are dropped.</summary>
    public int Capacity { get; }

    private readonly LinkedList<AuditRecord> _rows = new();
    private readonly HashSet<(string Influencer, AuditKind Kind, string Id)> _ids = [];
    private readonly Lock _lock = new();
    private long _sequence;
    private TaskCompletionSource _appended = new(TaskCreationOptions.RunContinuationsAsynchronously);

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
        TaskCompletionSource appended;
        lock (_lock)
        {
            if (!_ids.Add(Key(record)))
            {
                return Task.CompletedTask;
            }

            ++_sequence;
            _rows.AddLast(record with { Sequence = _sequence, Revision = _sequence });
            if (_rows.Count > Capacity)
            {
                _ids.Remove(Key(_rows.First!.Value));
                _rows.RemoveFirst();
            }

            appended = _appended;
            _appended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        appended.TrySetResult();
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

    public Task<IReadOnlyList<AuditRecord>> ReadAfterAsync(long afterRevision, int limit, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            // Rows are appended in revision order with no holes, so the position is found from whichever end is nearer.
            var rows = new List<AuditRecord>();
            LinkedListNode<AuditRecord>? node;
            if (_rows.Count == 0 || afterRevision >= _rows.Last!.Value.Revision)
            {
                return Task.FromResult<IReadOnlyList<AuditRecord>>(rows);
            }

            // Revisions are dense here, so anything between the position and the oldest kept row was dropped.
            if (afterRevision < _rows.First!.Value.Revision - 1)
            {
                throw new ChangesDroppedException(afterRevision, _rows.First.Value.Revision);
            }

            if (afterRevision - _rows.First!.Value.Revision < _rows.Count / 2)
            {
                node = _rows.First;
                while (node is not null && node.Value.Revision <= afterRevision)
                {
                    node = node.Next;
                }

                node = node?.Previous;
            }
            else
            {
                node = _rows.Last;
                while (node is not null && node.Value.Revision > afterRevision)
                {
                    node = node.Previous;
                }
            }

            for (node = node is null ? _rows.First : node.Next; node is not null && rows.Count < limit; node = node.Next)
            {
                rows.Add(node.Value);
            }

            return Task.FromResult<IReadOnlyList<AuditRecord>>(rows);
        }
    }

    public Task<long> GetHeadAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_sequence);
        }
    }

    public Task WaitAsync(long afterRevision, TimeSpan atMost, CancellationToken cancellationToken = default)
    {
        Task appended;
        lock (_lock)
        {
            if (_sequence > afterRevision)
            {
                return Task.CompletedTask;
            }

            appended = _appended.Task;
        }

        return WaitOrTimeoutAsync(appended, atMost, cancellationToken);
    }

    private static async Task WaitOrTimeoutAsync(Task appended, TimeSpan atMost, CancellationToken cancellationToken)
    {
        try
        {
            await appended.WaitAsync(atMost, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Nothing new within the wait: the caller answers with an empty page.
        }
    }
}
