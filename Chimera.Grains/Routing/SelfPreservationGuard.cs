using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Contracts.Spec;
using Chimera.Core.Hosting;

namespace Chimera.Grains.Routing;

/// <summary>
/// Bounded self-preservation (spec §3.6), free of Orleans so it can be tested with fake time. When heartbeats stop for a
/// large share of the fleet at once the usual cause is the ingest path, not the influencers; Eureka's answer — stop
/// expiring anyone, for as long as it lasts — hides real failures forever. This one is narrower:
/// <list type="bullet">
/// <item><b>Detect</b>: ingest is failing on some partitions (reports say so, or nobody reported them healthy lately),
/// and the influencers live when the failure began that sit on those partitions — all of which will expire within their
/// TTL, since nothing of theirs can arrive — are more than <see cref="SelfPreservationOptions.ExpiringShare"/> of all
/// live then. The hold starts at the first such expiry.</item>
/// <item><b>Hold</b>: an expiry on a failing partition, after the failure began, is <em>suspect</em> instead of stale:
/// no stale row, no "gone" announcement, routed after every healthy candidate.</item>
/// <item><b>Bound</b>: it ends when ingest has been healthy for <see cref="SelfPreservationOptions.RecoveryGrace"/>, or at
/// <see cref="SelfPreservationOptions.MaxHold"/> at the latest; after the bound it cannot start again until ingest has
/// been healthy once (no chain of holds).</item>
/// <item><b>Never</b> without failing ingest: influencers that really go silent while ingest is healthy expire as usual.</item>
/// </list>
/// Two clocks: report freshness and the recovery grace run on real time (they are about the pipeline), the hold's start,
/// bound and the expiries it judges on the domain clock (they are about statuses).
/// </summary>
internal sealed class SelfPreservationGuard : IExpiryHold
{
    /// <summary>How long a census of the fleet is reused while ingest fails (it walks every candidate).</summary>
    private static readonly TimeSpan CensusInterval = TimeSpan.FromSeconds(1);

    private readonly SelfPreservationOptions _options;
    private readonly Dictionary<int, PartitionSeen> _partitions = [];
    private readonly HashSet<string> _held = new(StringComparer.Ordinal);
    private int _partitionCount = 1;
    private Phase _phase;
    private HashSet<int> _failing = [];
    private DateTimeOffset? _failingSince;
    private DateTimeOffset? _healthySince;
    private DateTimeOffset _holdStart;
    private DateTimeOffset _holdUntil;
    private DateTimeOffset _holdFailingSince;
    private HashSet<int> _scope = [];
    private string? _reason;
    private (DateTimeOffset At, int Live, int AtRisk, bool AnyExpired)? _census;
    private int _holds;

    public SelfPreservationGuard(SelfPreservationOptions options) => _options = options;

    private enum Phase
    {
        Idle,
        Holding,

        /// <summary>A hold ran to its bound: no new one until ingest has been healthy.</summary>
        Spent,
    }

    public bool IsHolding => _phase == Phase.Holding;

    /// <summary>Influencers told "hold" during the current hold: they are told again when it ends.</summary>
    public int Held => _held.Count;

    public DateTimeOffset? HeldUntil(string influencerId, DateTimeOffset expiresAt, DateTimeOffset now) =>
        _phase == Phase.Holding && now < _holdUntil && expiresAt >= _holdFailingSince && _scope.Contains(PartitionOf(influencerId))
            ? _holdUntil
            : null;

    /// <summary>A silo's partition health; a partition healthy in any fresh report is healthy.</summary>
    public void Report(IngestHealthReport report, DateTimeOffset realNow, DateTimeOffset now)
    {
        _partitionCount = Math.Max(1, report.PartitionCount);
        foreach (var partition in report.Partitions)
        {
            if (!_partitions.TryGetValue(partition.Partition, out var seen))
            {
                seen = new PartitionSeen();
                _partitions.Add(partition.Partition, seen);
            }

            if (partition.Failing)
            {
                seen.LastFailing = realNow;
                seen.Reason = partition.Reason;
                _failingSince ??= now;
            }
            else
            {
                seen.LastHealthy = realNow;
            }
        }
    }

    /// <summary>
    /// Moves the hold on: starts it (<paramref name="expiring"/>, an influencer whose status just expired, may be the
    /// first at risk), widens its scope, or ends it. Returns what happened, for the log line and the metric.
    /// </summary>
    public GuardTransition Evaluate(DateTimeOffset realNow, DateTimeOffset now, IReadOnlyCollection<RoutingCandidate> census, string? expiring = null)
    {
        var failing = Failing(realNow);
        if (failing.Count == 0)
        {
            _failingSince = null;
            _healthySince ??= realNow;
            _census = null;
        }
        else
        {
            _healthySince = null;

            // A partition that merely went silent started failing after it was last reported healthy.
            _failingSince ??= now - (realNow - failing.Min(p => _partitions[p].LastHealthy is { } healthy && healthy > DateTimeOffset.MinValue ? healthy : realNow));
            if (!failing.SetEquals(_failing))
            {
                _census = null;
            }
        }

        _failing = failing;
        switch (_phase)
        {
            case Phase.Idle when failing.Count > 0 && _options.Enabled:
                var (live, atRisk, anyExpired) = Census(realNow, now, census);
                var expiringAtRisk = expiring is not null && failing.Contains(PartitionOf(expiring));
                if (live > 0 && atRisk > _options.ExpiringShare * live && (anyExpired || expiringAtRisk))
                {
                    _phase = Phase.Holding;
                    _holds++;
                    _holdStart = now;
                    _holdUntil = now + _options.MaxHold;
                    _holdFailingSince = _failingSince!.Value;
                    _scope = [.. failing];
                    _reason = string.Join("; ", failing.Order().Select(p => $"partition {p}: {_partitions.GetValueOrDefault(p)?.Reason ?? "no report"}"));
                    _held.Clear();
                    return GuardTransition.Started(atRisk, live, [.. _scope.Order()], _reason, _holdUntil);
                }

                break;
            case Phase.Holding:
                if (now >= _holdUntil)
                {
                    _phase = failing.Count > 0 ? Phase.Spent : Phase.Idle;
                    return End(now, $"the bound of {_options.MaxHold} was reached with ingest still failing; held influencers now expire as usual");
                }

                if (failing.Count == 0 && realNow - _healthySince >= _options.RecoveryGrace)
                {
                    _phase = Phase.Idle;
                    return End(now, $"ingest healthy again for {_options.RecoveryGrace}");
                }

                _scope.UnionWith(failing);
                break;
            case Phase.Spent when failing.Count == 0:
                _phase = Phase.Idle;
                break;
        }

        return GuardTransition.None;
    }

    /// <summary>Notes an influencer answered "hold", so it is told again when the hold ends.</summary>
    public void NoteHeld(string influencerId) => _held.Add(influencerId);

    /// <summary>The influencers held during the hold that just ended; forgotten here.</summary>
    public IReadOnlyList<string> TakeHeld()
    {
        var held = _held.ToArray();
        _held.Clear();
        return held;
    }

    public SelfPreservationStatus Status() =>
        new(IsHolding, IsHolding ? _holdStart : null, IsHolding ? _holdUntil : null, IsHolding ? _reason : null,
            IsHolding ? [.. _scope.Order()] : [], _held.Count, [.. _failing.Order()], _holds, _partitions.Count);

    private GuardTransition End(DateTimeOffset now, string why)
    {
        _scope = [];
        return GuardTransition.Ended(now - _holdStart, why, _held.Count);
    }

    /// <summary>Partitions no fresh report calls healthy, among those ever reported: failing reports, or silence.</summary>
    private HashSet<int> Failing(DateTimeOffset realNow)
    {
        var failing = new HashSet<int>();
        foreach (var (partition, seen) in _partitions)
        {
            if (realNow - seen.LastHealthy > _options.ReportTimeout)
            {
                if (realNow - seen.LastFailing > _options.ReportTimeout)
                {
                    seen.Reason = $"no silo reported it for {_options.ReportTimeout}";
                }

                failing.Add(partition);
            }
        }

        return failing;
    }

    private (int Live, int AtRisk, bool AnyExpired) Census(DateTimeOffset realNow, DateTimeOffset now, IReadOnlyCollection<RoutingCandidate> census)
    {
        if (_census is { } cached && realNow - cached.At < CensusInterval)
        {
            return (cached.Live, cached.AtRisk, cached.AnyExpired);
        }

        var since = _failingSince ?? now;
        int live = 0, atRisk = 0;
        var anyExpired = false;
        foreach (var candidate in census)
        {
            // Live when the failure began: the population whose share decides (spec §3.6).
            if (candidate.Status == InfluencerStatus.Offline || candidate.ExpiresAt <= since)
            {
                continue;
            }

            live++;
            if (_failing.Contains(PartitionOf(candidate.InfluencerId)))
            {
                atRisk++;
                anyExpired |= Liveness.IsExpired(candidate.ExpiresAt, now);
            }
        }

        _census = (realNow, live, atRisk, anyExpired);
        return (live, atRisk, anyExpired);
    }

    private int PartitionOf(string influencerId) => StatusPartitioner.PartitionOf(influencerId, _partitionCount);

    private sealed class PartitionSeen
    {
        public DateTimeOffset LastHealthy { get; set; } = DateTimeOffset.MinValue;

        public DateTimeOffset LastFailing { get; set; } = DateTimeOffset.MinValue;

        public string? Reason { get; set; }
    }
}
