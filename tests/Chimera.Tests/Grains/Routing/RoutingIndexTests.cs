using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Grains.Routing;
using Chimera.Testing;

namespace Chimera.Tests.Grains.Routing;

[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class RoutingIndexTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Route_ranks_online_before_idle_then_by_score_then_confidence_then_id()
    {
        var index = new RoutingIndex();
        index.Upsert(Entry("idle-best", InfluencerStatus.Idle, load: 0.0, relevance: 1.0));
        index.Upsert(Entry("online-b", InfluencerStatus.Online, load: 0.5, relevance: 0.5, confidence: 0.8));
        index.Upsert(Entry("online-a", InfluencerStatus.Online, load: 0.5, relevance: 0.5, confidence: 0.8));
        index.Upsert(Entry("online-sure", InfluencerStatus.Online, load: 0.5, relevance: 0.5, confidence: 0.95));
        index.Upsert(Entry("online-light", InfluencerStatus.Online, load: 0.1, relevance: 0.0));

        var result = index.Route(new RouteRequest([new Capability("video-gen", 2)], CostClass.Low, 10), Now, NoProbe);

        result.Candidates.Select(c => c.InfluencerId).ShouldBe(["online-light", "online-sure", "online-a", "online-b", "idle-best"]);
    }

    [Fact]
    public void Route_requires_every_capability_at_least_at_the_requested_version()
    {
        var index = new RoutingIndex();
        index.Upsert(Entry("v3-and-captions", capabilities: ["video-gen:v3", "captioning:v1"]));
        index.Upsert(Entry("v1-and-captions", capabilities: ["video-gen:v1", "captioning:v1"]));
        index.Upsert(Entry("v2-only", capabilities: ["video-gen:v2"]));

        var result = index.Route(new RouteRequest([new Capability("video-gen", 2), new Capability("captioning", 1)], CostClass.Low, 10), Now, NoProbe);

        result.Candidates.Select(c => c.InfluencerId).ShouldBe(["v3-and-captions"]);
    }

    [Fact]
    public void Route_stops_at_the_requested_count()
    {
        var index = new RoutingIndex();
        for (var i = 0; i < 50; i++)
        {
            index.Upsert(Entry($"i{i:00}", load: i / 100.0));
        }

        var result = index.Route(new RouteRequest([new Capability("video-gen", 2)], CostClass.Low, 3), Now, NoProbe);

        result.Candidates.Select(c => c.InfluencerId).ShouldBe(["i00", "i01", "i02"]);
        result.Matched.ShouldBe(3);
    }

    [Fact]
    public void An_older_version_does_not_undo_a_newer_update()
    {
        var index = new RoutingIndex();
        index.Upsert(Entry("a", InfluencerStatus.Maintenance, version: 2));

        index.Upsert(Entry("a", InfluencerStatus.Online, version: 1)).ShouldBeFalse();

        index.Route(new RouteRequest([new Capability("video-gen", 2)]), Now, NoProbe).Candidates.ShouldBeEmpty();
    }

    [Fact]
    public void Lease_renewals_extend_only_the_current_version_and_report_unknown_ids()
    {
        var index = new RoutingIndex();
        index.Upsert(Entry("a", expiresAt: Now + TimeSpan.FromSeconds(10), version: 3));

        var unknown = index.RenewLeases([new LeaseRenewal("a", 2, Now + TimeSpan.FromMinutes(5)), new LeaseRenewal("ghost", 1, Now + TimeSpan.FromMinutes(5))]);
        unknown.ShouldBe(["ghost"]);
        index.List(new ListQuery(), Now).Single().ExpiresAt.ShouldBe(Now + TimeSpan.FromSeconds(10));

        index.RenewLeases([new LeaseRenewal("a", 3, Now + TimeSpan.FromMinutes(5))]).ShouldBeEmpty();
        index.List(new ListQuery(), Now).Single().ExpiresAt.ShouldBe(Now + TimeSpan.FromMinutes(5));
    }

    [Fact]
    public void Expired_entries_are_never_routed_and_are_listed_as_stale_offline()
    {
        var index = new RoutingIndex();
        index.Upsert(Entry("expired", expiresAt: Now));
        index.Upsert(Entry("live", expiresAt: Now + TimeSpan.FromSeconds(1)));

        index.Route(new RouteRequest([new Capability("video-gen", 2)], CostClass.Low, 5), Now, NoProbe).Candidates.Select(c => c.InfluencerId).ShouldBe(["live"]);
        var rows = index.List(new ListQuery(), Now);
        rows.Select(r => (r.InfluencerId, r.Status, r.IsStale)).ShouldBe([("expired", InfluencerStatus.Offline, true), ("live", InfluencerStatus.Online, false)]);
        index.Counts(Now).ByStatus.ShouldBe(new Dictionary<string, int> { ["online"] = 1, ["idle"] = 0, ["busy"] = 0, ["maintenance"] = 0, ["offline"] = 1 }, ignoreOrder: true);
        index.SweepExpired(Now).ShouldBe(1);
        index.RoutableCount.ShouldBe(1);
    }

    [Fact]
    public void A_swept_entry_is_still_listed_as_stale_with_what_it_last_reported()
    {
        // The view `chimera status` gives ("offline (stale; last reported busy)") and `list` must agree after the sweep too.
        var index = new RoutingIndex();
        index.Upsert(Entry("gone", expiresAt: Now, status: InfluencerStatus.Idle));
        index.SweepExpired(Now + TimeSpan.FromSeconds(1)).ShouldBe(1);

        var row = index.List(new ListQuery(), Now + TimeSpan.FromSeconds(2)).ShouldHaveSingleItem();
        (row.Status, row.IsStale, row.ReportedStatus).ShouldBe((InfluencerStatus.Offline, true, InfluencerStatus.Idle));
        index.Counts(Now + TimeSpan.FromSeconds(2)).ByStatus["offline"].ShouldBe(1);
    }

    [Fact]
    public void A_route_says_why_each_examined_match_was_passed_over()
    {
        var index = new RoutingIndex();
        var later = Now + TimeSpan.FromHours(1);
        index.Upsert(Entry("old-version", load: 0.0, expiresAt: later, capabilities: ["video-gen:v1"]));
        index.Upsert(Entry("unsure", confidence: 0.3, load: 0.05, expiresAt: later));
        index.Upsert(Entry("expired", load: 0.1, expiresAt: Now));
        index.Upsert(Entry("good", load: 0.5, expiresAt: later));

        var result = index.Route(new RouteRequest([new Capability("video-gen", 2)], CostClass.High, 1), Now, c => new ProbeTicket("p-" + c.InfluencerId, c.InfluencerId, [], Now, "test"));

        result.Candidates.Select(c => c.InfluencerId).ShouldBe(["good"]);
        var reasons = result.PassedOver.ToDictionary(p => p.InfluencerId, p => p.Reason);
        reasons.Keys.ShouldBe(["old-version", "unsure", "expired"], ignoreOrder: true);
        reasons["old-version"].ShouldContain("not every requested version");
        reasons["unsure"].ShouldContain("probe scheduled");
        reasons["expired"].ShouldStartWith("stale");
        index.OpenProbes(Now).ShouldBe(1);
    }

    [Fact]
    public void A_swept_candidate_that_renews_its_lease_is_routable_again()
    {
        var index = new RoutingIndex();
        index.Upsert(Entry("a", expiresAt: Now + TimeSpan.FromSeconds(60), version: 4));

        // The renewal for its last heartbeat was late (or dropped): the sweep unlinks it.
        index.SweepExpired(Now + TimeSpan.FromSeconds(61)).ShouldBe(1);
        index.IsLinked("a").ShouldBeFalse();

        // Its grain kept heartbeating: the next renewal of the same version brings it back.
        var later = Now + TimeSpan.FromSeconds(70);
        index.RenewLeases([new LeaseRenewal("a", 4, later + TimeSpan.FromSeconds(60))]).ShouldBeEmpty();

        index.Route(new RouteRequest([new Capability("video-gen", 2)]), later, NoProbe).Candidates.Select(c => c.InfluencerId).ShouldBe(["a"]);
        index.List(new ListQuery(), later).Single().Status.ShouldBe(InfluencerStatus.Online);
        index.Counts(later).ByStatus["online"].ShouldBe(1);
    }

    [Fact]
    public void A_republish_of_the_same_version_never_moves_the_expiry_backwards()
    {
        var index = new RoutingIndex();
        index.Upsert(Entry("a", expiresAt: Now + TimeSpan.FromSeconds(60), version: 2));
        index.RenewLeases([new LeaseRenewal("a", 2, Now + TimeSpan.FromSeconds(120))]);

        // A grain re-activated after a crash re-publishes what it persisted: same version, an older expiry.
        index.Upsert(Entry("a", expiresAt: Now + TimeSpan.FromSeconds(60), version: 2)).ShouldBeTrue();

        index.List(new ListQuery(), Now).Single().ExpiresAt.ShouldBe(Now + TimeSpan.FromSeconds(120));
        index.Route(new RouteRequest([new Capability("video-gen", 2)]), Now + TimeSpan.FromSeconds(90), NoProbe).Candidates.ShouldHaveSingleItem();
    }

    [Fact]
    public void High_cost_routes_schedule_one_probe_per_unverified_low_confidence_match()
    {
        var index = new RoutingIndex();
        var later = Now + TimeSpan.FromHours(1);
        index.Upsert(Entry("unsure", confidence: 0.3, load: 0.0, expiresAt: later));
        index.Upsert(Entry("verified", confidence: 0.3, load: 0.1, probeVerified: true, expiresAt: later));
        index.Upsert(Entry("sure", confidence: 0.9, load: 0.5, expiresAt: later));
        var scheduled = new List<string>();
        ProbeTicket Schedule(RoutingCandidate c)
        {
            scheduled.Add(c.InfluencerId);
            return new ProbeTicket("probe-" + c.InfluencerId, c.InfluencerId, [], Now, "test");
        }

        var first = index.Route(new RouteRequest([new Capability("video-gen", 2)], CostClass.High, 5), Now, Schedule);
        var second = index.Route(new RouteRequest([new Capability("video-gen", 2)], CostClass.High, 5), Now + TimeSpan.FromMinutes(1), Schedule);
        var afterHold = index.Route(new RouteRequest([new Capability("video-gen", 2)], CostClass.High, 5), Now + Chimera.Contracts.Spec.ChangeRules.ProbeHold, Schedule);

        first.Candidates.Select(c => c.InfluencerId).ShouldBe(["verified", "sure"]);
        first.ProbesScheduled.Select(p => p.InfluencerId).ShouldBe(["unsure"]);
        second.ProbesScheduled.ShouldBeEmpty();
        afterHold.ProbesScheduled.Select(p => p.InfluencerId).ShouldBe(["unsure"]);
        scheduled.ShouldBe(["unsure", "unsure"]);
        index.Route(new RouteRequest([new Capability("video-gen", 2)], CostClass.Low, 5), Now, NoProbe).Candidates.Select(c => c.InfluencerId).ShouldBe(["unsure", "verified", "sure"]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void A_count_outside_1_to_100_is_refused(int count)
    {
        var error = Should.Throw<ArgumentOutOfRangeException>(() => new RoutingIndex().Route(new RouteRequest([], CostClass.Low, count), Now, NoProbe));
        error.Message.ShouldContain("Count must be 1 to 100");
    }

    [Fact]
    public void List_pages_by_influencer_id_and_filters_by_status_and_capability()
    {
        var index = new RoutingIndex();
        foreach (var id in new[] { "d", "a", "c", "b", "e" })
        {
            index.Upsert(Entry(id, id == "c" ? InfluencerStatus.Busy : InfluencerStatus.Online, capabilities: id == "e" ? ["captioning:v1"] : ["video-gen:v2"]));
        }

        index.List(new ListQuery(Limit: 2), Now).Select(r => r.InfluencerId).ShouldBe(["a", "b"]);
        index.List(new ListQuery(Limit: 2, After: "b"), Now).Select(r => r.InfluencerId).ShouldBe(["c", "d"]);
        index.List(new ListQuery(Status: InfluencerStatus.Online, Capability: new Capability("video-gen", 1)), Now).Select(r => r.InfluencerId).ShouldBe(["a", "b", "d"]);
    }

    private static ProbeTicket NoProbe(RoutingCandidate candidate) => throw new InvalidOperationException("no probe expected");

    private static RoutingEntry Entry(
        string id,
        InfluencerStatus status = InfluencerStatus.Online,
        string[]? capabilities = null,
        double load = 0.2,
        double confidence = 0.9,
        double relevance = 0.5,
        DateTimeOffset? expiresAt = null,
        long version = 1,
        bool probeVerified = false) =>
        new(id, version, status, (capabilities ?? ["video-gen:v2"]).Select(Capability.Parse).ToArray(), load, confidence, relevance,
            expiresAt ?? Now + TimeSpan.FromMinutes(2), ProbePending: false, probeVerified);
}
