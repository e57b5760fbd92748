using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Contracts.Spec;
using Chimera.Core.Hosting;
using Chimera.Grains.Routing;
using Chimera.Testing;

namespace Chimera.Tests.Grains.Routing;

/// <summary>
/// The bounded self-preservation guard (spec §3.6) on explicit clocks: real time for report freshness and the recovery
/// grace, domain time for the hold and the expiries it judges.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class SelfPreservationGuardTests
{
    private const int Partitions = 4;
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Ttl = HeartbeatCadence.Ttl(1.0);

    private readonly SelfPreservationOptions _options = new() { RecoveryGrace = TimeSpan.FromSeconds(10), MaxHold = TimeSpan.FromMinutes(8) };
    private readonly Dictionary<int, List<string>> _byPartition = Enumerable.Range(0, Partitions).ToDictionary(p => p, _ => new List<string>());
    private readonly RoutingIndex _index;
    private readonly SelfPreservationGuard _guard;
    private DateTimeOffset _real = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public SelfPreservationGuardTests()
    {
        _guard = new SelfPreservationGuard(_options);
        _index = new RoutingIndex(_guard);
        for (var i = 0; _byPartition.Values.Any(ids => ids.Count < 10); i++)
        {
            var id = $"fleet-{i}";
            var partition = StatusPartitioner.PartitionOf(id, Partitions);
            if (_byPartition[partition].Count < 10)
            {
                _byPartition[partition].Add(id);
                _index.Upsert(Entry(id, T0 + Ttl));
            }
        }
    }

    [Fact]
    public void Healthy_ingest_never_holds_even_when_every_influencer_goes_silent()
    {
        Report(failing: []);
        var later = T0 + Ttl + TimeSpan.FromSeconds(1);

        var transition = _guard.Evaluate(_real, later, _index.CandidateCollection, expiring: _byPartition[0][0]);

        transition.IsStart.ShouldBeFalse();
        _guard.IsHolding.ShouldBeFalse();
        _guard.HeldUntil(_byPartition[0][0], T0 + Ttl, later).ShouldBeNull();
        _index.List(new ListQuery(Limit: 100), later).ShouldAllBe(r => r.IsStale && !r.IsSuspect);
    }

    [Fact]
    public void Failing_ingest_for_more_than_the_share_holds_the_expiries_it_causes_and_only_those()
    {
        _index.Upsert(Entry("already-gone", T0 - TimeSpan.FromSeconds(5))); // expired before ingest failed: really silent
        var goneEarlier = "already-gone";
        Report(failing: [0, 1], at: T0); // half the fleet cannot be heard from

        // Nothing has expired yet: no hold (and no log line) for a failure that has cost nothing.
        _guard.Evaluate(_real, T0 + TimeSpan.FromSeconds(10), _index.CandidateCollection).IsStart.ShouldBeFalse();

        var expiry = T0 + Ttl;
        var transition = _guard.Evaluate(_real, expiry, _index.CandidateCollection, expiring: _byPartition[0][0]);

        transition.IsStart.ShouldBeTrue();
        transition.AtRisk.ShouldBe(20);
        transition.Live.ShouldBe(40);
        transition.Partitions.ShouldBe([0, 1]);
        _guard.HeldUntil(_byPartition[0][0], expiry, expiry).ShouldBe(expiry + _options.MaxHold);
        _guard.HeldUntil(_byPartition[1][3], expiry, expiry).ShouldBe(expiry + _options.MaxHold);
        _guard.HeldUntil(_byPartition[2][0], expiry, expiry).ShouldBeNull(); // its partition is healthy: really silent
        if (StatusPartitioner.PartitionOf(goneEarlier, Partitions) is 0 or 1)
        {
            _guard.HeldUntil(goneEarlier, T0 - TimeSpan.FromSeconds(5), expiry).ShouldBeNull(); // expired before the failure
        }
    }

    [Fact]
    public void A_failing_share_at_or_below_the_threshold_does_not_hold()
    {
        var options = new SelfPreservationOptions { ExpiringShare = 0.25 };
        var guard = new SelfPreservationGuard(options);
        var index = new RoutingIndex(guard);
        foreach (var candidate in _index.CandidateCollection)
        {
            index.Upsert(Entry(candidate.InfluencerId, candidate.ExpiresAt));
        }

        guard.Report(new IngestHealthReport("silo", Partitions, [.. Enumerable.Range(0, Partitions).Select(p => new PartitionHealth(p, p == 0, p == 0 ? "reads failing" : "healthy"))]), _real, T0);

        guard.Evaluate(_real, T0 + Ttl, index.CandidateCollection, expiring: _byPartition[0][0]).IsStart.ShouldBeFalse(); // 10 of 40 = 25 %: not more than
        guard.IsHolding.ShouldBeFalse();
    }

    [Fact]
    public void Suspects_are_routed_after_every_healthy_candidate_listed_as_suspect_and_never_swept()
    {
        var healthy = "healthy-late";
        _index.Upsert(Entry(healthy, T0 + Ttl + TimeSpan.FromMinutes(5), load: 0.9)); // the worst score, but live
        Report(failing: [0, 1, 2, 3], at: T0);
        var expiry = T0 + Ttl;
        _guard.Evaluate(_real, expiry, _index.CandidateCollection, expiring: _byPartition[0][0]).IsStart.ShouldBeTrue();

        _index.SweepExpired(expiry).ShouldBe(0);
        var route = _index.Route(new RouteRequest([new Capability("video-gen", 2)], CostClass.Low, 5), expiry, _ => throw new InvalidOperationException("no probe"));

        route.Candidates[0].InfluencerId.ShouldBe(healthy);
        route.Candidates[0].Suspect.ShouldBeFalse();
        route.Candidates.Skip(1).ShouldAllBe(c => c.Suspect);
        route.Candidates.Count.ShouldBe(5);
        var row = _index.List(new ListQuery(Limit: 100), expiry).First(r => r.InfluencerId == _byPartition[0][0]);
        (row.Status, row.IsStale, row.IsSuspect).ShouldBe((InfluencerStatus.Online, false, true));
    }

    [Fact]
    public void The_hold_ends_once_ingest_has_been_healthy_for_the_recovery_grace()
    {
        Report(failing: [0, 1, 2, 3], at: T0);
        var expiry = T0 + Ttl;
        _guard.Evaluate(_real, expiry, _index.CandidateCollection, expiring: _byPartition[0][0]).IsStart.ShouldBeTrue();
        _guard.NoteHeld(_byPartition[0][0]);

        Report(failing: []);
        _guard.Evaluate(_real, expiry, _index.CandidateCollection).IsEnd.ShouldBeFalse(); // healthy, but not for long enough
        _real += _options.RecoveryGrace;
        Report(failing: []);
        var end = _guard.Evaluate(_real, expiry + TimeSpan.FromSeconds(10), _index.CandidateCollection);

        end.IsEnd.ShouldBeTrue();
        end.Held.ShouldBe(1);
        end.Reason.ShouldContain("healthy again");
        _guard.TakeHeld().ShouldBe([_byPartition[0][0]]);
        _guard.HeldUntil(_byPartition[0][0], expiry, expiry + TimeSpan.FromSeconds(10)).ShouldBeNull();
        _index.List(new ListQuery(Limit: 100), expiry + TimeSpan.FromSeconds(10)).ShouldAllBe(r => !r.IsSuspect);
    }

    [Fact]
    public void The_hold_ends_at_its_bound_and_cannot_start_again_until_ingest_was_healthy()
    {
        Report(failing: [0, 1, 2, 3], at: T0);
        var expiry = T0 + Ttl;
        _guard.Evaluate(_real, expiry, _index.CandidateCollection, expiring: _byPartition[0][0]).IsStart.ShouldBeTrue();

        var bound = expiry + _options.MaxHold;
        _real += TimeSpan.FromSeconds(1);
        Report(failing: [0, 1, 2, 3]);
        var end = _guard.Evaluate(_real, bound, _index.CandidateCollection);

        end.IsEnd.ShouldBeTrue();
        end.Reason.ShouldContain("bound");
        _guard.HeldUntil(_byPartition[0][0], expiry, bound).ShouldBeNull();

        // Still failing: the held ones now expire, and no new hold starts however many more expire.
        _index.Upsert(Entry("later-one", bound + TimeSpan.FromSeconds(1)));
        Report(failing: [0, 1, 2, 3]);
        _guard.Evaluate(_real, bound + TimeSpan.FromSeconds(2), _index.CandidateCollection, expiring: "later-one").IsStart.ShouldBeFalse();
        _guard.IsHolding.ShouldBeFalse();

        // Once ingest recovered, a later failure may hold again.
        Report(failing: []);
        _guard.Evaluate(_real, bound + TimeSpan.FromSeconds(3), _index.CandidateCollection).IsStart.ShouldBeFalse();
        _guard.Status().Holds.ShouldBe(1);
    }

    [Fact]
    public void A_partition_nobody_reports_any_more_counts_as_failing_after_the_report_timeout()
    {
        Report(failing: []);
        _real += _options.ReportTimeout + TimeSpan.FromSeconds(1); // the silo reading all of them died

        _guard.Evaluate(_real, T0 + Ttl, _index.CandidateCollection, expiring: _byPartition[3][0]).IsStart.ShouldBeTrue();
        _guard.Status().FailingPartitions.ShouldBe([0, 1, 2, 3]);
        _guard.Status().Reason!.ShouldContain("no silo reported it");
    }

    [Fact]
    public void Disabled_it_never_holds()
    {
        var guard = new SelfPreservationGuard(new SelfPreservationOptions { Enabled = false });
        guard.Report(new IngestHealthReport("silo", Partitions, [.. Enumerable.Range(0, Partitions).Select(p => new PartitionHealth(p, true, "reads failing"))]), _real, T0);

        guard.Evaluate(_real, T0 + Ttl, _index.CandidateCollection, expiring: _byPartition[0][0]).IsStart.ShouldBeFalse();
    }

    private void Report(int[] failing, DateTimeOffset? at = null) =>
        _guard.Report(new IngestHealthReport("silo", Partitions, [.. Enumerable.Range(0, Partitions)
            .Select(p => new PartitionHealth(p, failing.Contains(p), failing.Contains(p) ? "reads failing" : "healthy"))]), _real, at ?? T0);

    private static RoutingEntry Entry(string id, DateTimeOffset expiresAt, double load = 0.2) =>
        new(id, 1, InfluencerStatus.Online, [new Capability("video-gen", 2)], load, 0.9, 1.0, expiresAt, ProbePending: false, ProbeVerified: false);
}
