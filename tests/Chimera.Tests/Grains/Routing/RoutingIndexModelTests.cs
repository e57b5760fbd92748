using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Contracts.Spec;
using Chimera.Grains.Routing;
using Chimera.Testing;
using CsCheck;

namespace Chimera.Tests.Grains.Routing;

/// <summary>
/// Model-based test of the routing index's consistency protocol (spec §5, "Index consistency"): random sequences of
/// changes, heartbeats, time passing, sweeps, lease flushes, dropped flushes, a restart of the routing grain's silo
/// (the index is rebuilt empty) and restarts of an influencer silo (its grains lose the heartbeats they held in memory
/// and reactivate from their last persisted change, with the recovery grace of spec §3.5). The real
/// <see cref="RoutingIndex"/> and the real renewal coalescing of <see cref="RoutingLeaseBatcher"/> run against a
/// reference model of the grains (a few lines each), and after every step:
/// <list type="bullet">
/// <item>safety: the index never routes, or lists as routable, an influencer whose own grain does not report that
/// status as live;</item>
/// <item>healing: for every influencer whose newest heartbeat reached the index (nothing pending, not dropped since),
/// the index lists the grain's own effective status and expiry, and routes it exactly when the grain is routable —
/// in the order spec §5 gives.</item>
/// </list>
/// </summary>
[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class RoutingIndexModelTests
{
    private const int Influencers = 4;

    private enum Kind
    {
        Change,
        Heartbeat,
        Advance,
        Sweep,
        Flush,
        DropFlush,
        RestartIndex,
        RestartGrainSilo,
    }

    [Fact]
    public void The_index_agrees_with_the_grains_own_views_after_every_step()
    {
        // Weighted towards what the protocol is about: heartbeats, time passing, flushes that land or are dropped.
        var kind = Gen.Frequency(
            (3, Gen.Const(Kind.Change)),
            (6, Gen.Const(Kind.Heartbeat)),
            (5, Gen.Const(Kind.Advance)),
            (2, Gen.Const(Kind.Sweep)),
            (4, Gen.Const(Kind.Flush)),
            (2, Gen.Const(Kind.DropFlush)),
            (1, Gen.Const(Kind.RestartIndex)),
            (1, Gen.Const(Kind.RestartGrainSilo)));
        var op = Gen.Select(kind, Gen.Int[0, Influencers - 1], Gen.Int[0, 99], (k, influencer, arg) => new Op(k, influencer, arg));
        op.Array[1, 150].Sample(ops => new Simulation().Run(ops), iter: 5000, print: ops => string.Join(" ", ops.Select(o => o.ToString())));
    }

    /// <summary>The failure the model found on the old index, kept as a plain regression case.</summary>
    [Fact]
    public void A_heartbeat_after_a_dropped_flush_and_a_sweep_makes_the_influencer_routable_again()
    {
        new Simulation().Run(
        [
            new Op(Kind.Change, 0, 0),       // online, TTL 60 s
            new Op(Kind.Advance, 0, 40),
            new Op(Kind.Heartbeat, 0, 0),
            new Op(Kind.DropFlush, 0, 0),    // that renewal is lost
            new Op(Kind.Advance, 0, 30),     // the index's copy expired; the grain's has not
            new Op(Kind.Sweep, 0, 0),
            new Op(Kind.Heartbeat, 0, 0),
            new Op(Kind.Flush, 0, 0),
        ]);
    }

    private readonly record struct Op(Kind Kind, int Influencer, int Arg)
    {
        public override string ToString() => $"{Kind}({Influencer},{Arg})";
    }

    /// <summary>The grains (reference model), the silo-local renewal buffer, and the real index.</summary>
    private sealed class Simulation
    {
        private static readonly InfluencerStatus[] Statuses =
            [InfluencerStatus.Online, InfluencerStatus.Idle, InfluencerStatus.Busy, InfluencerStatus.Maintenance, InfluencerStatus.Offline];

        private static readonly double[] Relevances = [1.0, 0.5, 0.0];

        private readonly GrainModel[] _grains = Enumerable.Range(0, Influencers).Select(i => new GrainModel($"inf-{i}", i % 2)).ToArray();
        private readonly Dictionary<string, LeaseRenewal> _pending = new(StringComparer.Ordinal);
        private RoutingIndex _index = new();
        private DateTimeOffset _now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

        public void Run(Op[] ops)
        {
            for (var step = 0; step < ops.Length; step++)
            {
                Apply(ops[step]);
                var problem = Check();
                if (problem is not null)
                {
                    throw new InvalidOperationException($"after step {step} ({ops[step]}): {problem}");
                }
            }
        }

        private void Apply(Op op)
        {
            var grain = _grains[op.Influencer];
            switch (op.Kind)
            {
                case Kind.Change:
                    grain.Change(_now, Statuses[op.Arg % Statuses.Length], load: op.Arg % 10 / 10.0, relevance: Relevances[op.Arg / 10 % Relevances.Length]);
                    Publish(grain);
                    break;
                case Kind.Heartbeat:
                    if (!grain.Known || grain.Reported == InfluencerStatus.Offline)
                    {
                        break;
                    }

                    if (grain.IsExpired(_now))
                    {
                        // An event after expiry is a change ("back from stale", spec §4.2).
                        grain.Change(_now, grain.Reported, grain.Load, grain.Relevance);
                        Publish(grain);
                    }
                    else
                    {
                        grain.Beat(_now);
                        var renewal = new LeaseRenewal(grain.Id, grain.Version, grain.ExpiresAt);
                        _pending[grain.Id] = _pending.TryGetValue(grain.Id, out var existing) ? RoutingLeaseBatcher.Coalesce(existing, renewal) : renewal;
                        grain.IndexMayLag = true;
                    }

                    break;
                case Kind.Advance:
                    // Mostly less than the shortest TTL (60 s), sometimes past the longest (240 s).
                    _now += TimeSpan.FromSeconds(op.Arg < 90 ? op.Arg / 2 : op.Arg * 3);
                    foreach (var g in _grains)
                    {
                        // The grain's staleness timer fires at its expiry (spec §3.3).
                        if (g.Known && !g.StaleRecorded && g.Reported != InfluencerStatus.Offline && g.IsExpired(_now))
                        {
                            g.RecordStale();
                            Publish(g);
                        }
                    }

                    break;
                case Kind.Sweep:
                    _index.SweepExpired(_now);
                    break;
                case Kind.Flush:
                    var batch = _pending.Values.ToList();
                    _pending.Clear();
                    foreach (var id in _index.RenewLeases(batch))
                    {
                        Publish(_grains.Single(g => g.Id == id)); // RepublishAsync
                    }

                    foreach (var renewal in batch)
                    {
                        _grains.Single(g => g.Id == renewal.InfluencerId).IndexMayLag = false;
                    }

                    break;
                case Kind.DropFlush:
                    _pending.Clear();
                    break;
                case Kind.RestartIndex:
                    _index = new RoutingIndex();
                    foreach (var g in _grains)
                    {
                        g.InIndex = false;
                    }

                    break;
                case Kind.RestartGrainSilo:
                    foreach (var g in _grains.Where(g => g.Silo == grain.Silo && g.Known))
                    {
                        _pending.Remove(g.Id); // the silo's batcher died with it
                        g.Reactivate(_now);
                        Publish(g); // a grain re-announces itself to the index on activation
                    }

                    break;
            }
        }

        private void Publish(GrainModel grain)
        {
            _index.Upsert(grain.Entry(_now));
            grain.InIndex = true;
            grain.IndexMayLag = _pending.ContainsKey(grain.Id);
        }

        private string? Check()
        {
            var rows = _index.List(new ListQuery(Limit: ListQuery.MaxLimit), _now).ToDictionary(r => r.InfluencerId, StringComparer.Ordinal);
            var routed = _index.Route(new RouteRequest([], CostClass.Low, RouteRequest.MaxCount), _now, _ => throw new InvalidOperationException("no probe expected")).Candidates;
            foreach (var grain in _grains.Where(g => g.Known))
            {
                var own = grain.EffectiveStatus(_now);
                var routable = own is InfluencerStatus.Online or InfluencerStatus.Idle;
                rows.TryGetValue(grain.Id, out var row);
                if (row is { Status: InfluencerStatus.Online or InfluencerStatus.Idle } && row.Status != own)
                {
                    return $"{grain.Id}: the index lists it as {row.Status}, its grain says {own}";
                }

                if (!routable && routed.Any(c => c.InfluencerId == grain.Id))
                {
                    return $"{grain.Id}: routed although its grain says {own}";
                }

                if (grain.InIndex && !grain.IndexMayLag)
                {
                    if (row is null)
                    {
                        return $"{grain.Id}: missing from the index";
                    }

                    // The expiry matters while the status is live; a stale or offline one is not routed whatever it says.
                    var live = Liveness.IsLive(grain.Reported, grain.ExpiresAt, _now);
                    if (row.Status != own || (live && row.ExpiresAt != grain.ExpiresAt))
                    {
                        return $"{grain.Id}: the index lists {row.Status} until {row.ExpiresAt:T}, its grain says {own} until {grain.ExpiresAt:T}";
                    }

                    if (routable != routed.Any(c => c.InfluencerId == grain.Id))
                    {
                        return $"{grain.Id}: its grain is {(routable ? "" : "not ")}routable but the index {(routable ? "does not route" : "routes")} it";
                    }
                }
            }

            // The spec §5 order over what was routed, computed from the grains' own values.
            var expected = routed
                .Select(c => _grains.Single(g => g.Id == c.InfluencerId))
                .OrderBy(g => g.Reported == InfluencerStatus.Online ? 0 : 1)
                .ThenByDescending(g => (0.7 * (1 - g.Load)) + (0.3 * g.Relevance))
                .ThenByDescending(g => g.Confidence)
                .ThenBy(g => g.Id, StringComparer.Ordinal)
                .Select(g => g.Id);
            return routed.Select(c => c.InfluencerId).SequenceEqual(expected) ? null : $"route order {string.Join(",", routed.Select(c => c.InfluencerId))} breaks spec §5";
        }
    }

    /// <summary>What one influencer grain knows and persists, reduced to what routing depends on.</summary>
    private sealed class GrainModel(string id, int silo)
    {
        private Snapshot _persisted;

        public string Id { get; } = id;

        public int Silo { get; } = silo;

        public bool Known { get; private set; }

        public long Version { get; private set; }

        public InfluencerStatus Reported { get; private set; }

        public double Load { get; private set; }

        public double Relevance { get; private set; }

        public double Confidence => 0.9;

        public bool StaleRecorded { get; private set; }

        public bool InIndex { get; set; }

        /// <summary>A heartbeat's renewal has not (provably) reached the index.</summary>
        public bool IndexMayLag { get; set; }

        private DateTimeOffset LastSeen { get; set; }

        private TimeSpan Ttl => HeartbeatCadence.Ttl(Relevance);

        private DateTimeOffset? GraceUntil { get; set; }

        /// <summary>last_seen + TTL, or the recovery grace's end while it is later (spec §3.5).</summary>
        public DateTimeOffset ExpiresAt => GraceUntil is { } grace && grace > Liveness.ExpiresAt(LastSeen, Ttl) ? grace : Liveness.ExpiresAt(LastSeen, Ttl);

        public bool IsExpired(DateTimeOffset now) => Liveness.IsExpired(ExpiresAt, now);

        public InfluencerStatus EffectiveStatus(DateTimeOffset now) => Liveness.Effective(Reported, ExpiresAt, now);

        public void Change(DateTimeOffset now, InfluencerStatus status, double load, double relevance)
        {
            Known = true;
            Version++;
            Reported = status;
            Load = load;
            Relevance = relevance;
            LastSeen = now;
            StaleRecorded = false;
            GraceUntil = null;
            Persist();
        }

        public void Beat(DateTimeOffset now)
        {
            LastSeen = now; // memory only (spec §4.2)
            GraceUntil = null;
        }

        public void RecordStale()
        {
            StaleRecorded = true;
            Version++;
            Persist();
        }

        public void Reactivate(DateTimeOffset now)
        {
            (Version, Reported, Load, Relevance, LastSeen, StaleRecorded) = _persisted;
            GraceUntil = !StaleRecorded && Reported != InfluencerStatus.Offline ? now + Ttl : null;
        }

        public RoutingEntry Entry(DateTimeOffset now) =>
            new(Id, Version, EffectiveStatus(now), [new Capability("video-gen", 2)], Load, Confidence, Relevance, ExpiresAt, ProbePending: false, ProbeVerified: false);

        private void Persist() => _persisted = new Snapshot(Version, Reported, Load, Relevance, LastSeen, StaleRecorded);

        private readonly record struct Snapshot(long Version, InfluencerStatus Reported, double Load, double Relevance, DateTimeOffset LastSeen, bool StaleRecorded);
    }
}
