using Chimera.Contracts.Model;
using Chimera.Contracts.Spec;
using Chimera.Grains.Influencers;
using Chimera.Testing;

namespace Chimera.Tests.Grains;

/// <summary>
/// Spec §4.2 on the pure classifier: every rule, each threshold at its boundary (exactly 0.10 is a change, 0.0999 is a
/// heartbeat, including the decimal pairs whose double difference falls just short of 0.10), and the order in which the
/// first matching rule names the reason.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class StatusChangeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static readonly string[] Capabilities = ["video-gen:v2", "captioning:v1"];

    // Pairs a sender writes 0.10 apart whose double difference is below 0.10 (0.3 − 0.2 = 0.09999999999999998),
    // above it, or exact; every one is a change under §4.2.
    public static TheoryData<double, double> TenthApart => new()
    {
        { 0.2, 0.3 },
        { 0.3, 0.2 },
        { 0.7, 0.8 },
        { 0.8, 0.9 },
        { 0.0, 0.1 },
        { 0.9, 1.0 },
        { 0.61, 0.71 },
        { 0.35, 0.45 },
    };

    [Fact]
    public void The_fixture_pairs_really_straddle_the_double_boundary()
    {
        // Guards the theory below: without at least one pair that subtracts to less than 0.10, it would not test the bug.
        (0.3 - 0.2).ShouldBeLessThan(0.10);
        (0.7 - 0.6).ShouldBeLessThan(0.10);
    }

    [Theory]
    [MemberData(nameof(TenthApart))]
    public void A_load_move_of_exactly_a_tenth_is_a_change(double baseline, double next) =>
        StatusChange.Classify(State(load: baseline), Event(load: next), wasStale: false).ShouldBe("load");

    [Theory]
    [MemberData(nameof(TenthApart))]
    public void A_relevance_move_of_exactly_a_tenth_is_a_change(double baseline, double next) =>
        StatusChange.Classify(State(relevance: baseline), Event(relevance: next), wasStale: false).ShouldBe("relevance");

    [Theory]
    [InlineData(0.6, 0.7)]
    [InlineData(0.7, 0.6)]
    [InlineData(0.8, 0.9)]
    [InlineData(0.9, 1.0)]
    [InlineData(0.0, 0.1)]
    [InlineData(0.2, 0.3)]
    public void A_confidence_move_of_exactly_a_tenth_is_a_change(double baseline, double next) =>
        StatusChange.Classify(State(confidence: baseline), Event(confidence: next), wasStale: false).ShouldBe("confidence");

    [Theory]
    [InlineData(0.2, 0.2999)]
    [InlineData(0.3, 0.2001)]
    [InlineData(0.8, 0.8999)]
    [InlineData(0.0, 0.0999)]
    [InlineData(0.5, 0.5999999)]
    public void A_move_just_under_a_tenth_is_a_heartbeat_for_every_threshold(double baseline, double next)
    {
        StatusChange.Classify(State(load: baseline), Event(load: next), wasStale: false).ShouldBeNull("load");
        StatusChange.Classify(State(relevance: baseline), Event(relevance: next), wasStale: false).ShouldBeNull("relevance");
        StatusChange.Classify(State(confidence: baseline), Event(confidence: next), wasStale: false).ShouldBeNull("confidence");
    }

    [Theory]
    [InlineData(0.49, 0.5)]
    [InlineData(0.5, 0.49)]
    [InlineData(0.45, 0.5)]
    [InlineData(0.5, 0.4999)]
    [InlineData(0.4999, 0.5)]
    public void Confidence_crossing_one_half_either_way_is_a_change_however_small(double baseline, double next) =>
        StatusChange.Classify(State(confidence: baseline), Event(confidence: next), wasStale: false).ShouldBe("confidence");

    [Theory]
    [InlineData(0.41, 0.49)]
    [InlineData(0.5, 0.59)]
    [InlineData(0.55, 0.5)]
    public void Confidence_on_one_side_of_one_half_and_under_a_tenth_is_a_heartbeat(double baseline, double next) =>
        StatusChange.Classify(State(confidence: baseline), Event(confidence: next), wasStale: false).ShouldBeNull();

    [Fact]
    public void Rule_1_the_first_event_is_a_change_whatever_it_says() =>
        StatusChange.Classify(new InfluencerState(), Event(), wasStale: false).ShouldBe("first status");

    [Fact]
    public void Rule_2_an_identical_event_after_stale_is_a_change() =>
        StatusChange.Classify(State(), Event(), wasStale: true).ShouldBe("back from stale");

    [Fact]
    public void Rule_3_a_status_move_is_a_change() =>
        StatusChange.Classify(State(), Event(status: InfluencerStatus.Idle), wasStale: false).ShouldBe("status");

    [Fact]
    public void Rule_4_the_capability_set_counts_not_its_order()
    {
        StatusChange.Classify(State(), Event(capabilities: ["captioning:v1", "video-gen:v2"]), wasStale: false).ShouldBeNull("same set, other order");
        StatusChange.Classify(State(), Event(capabilities: ["video-gen:v3", "captioning:v1"]), wasStale: false).ShouldBe("capabilities", "a version moved");
        StatusChange.Classify(State(), Event(capabilities: ["video-gen:v2"]), wasStale: false).ShouldBe("capabilities", "one removed");
        StatusChange.Classify(State(), Event(capabilities: ["video-gen:v2", "captioning:v1", "dubbing:v1"]), wasStale: false).ShouldBe("capabilities", "one added");
    }

    [Fact]
    public void Rule_5_current_task_is_compared_as_exact_text()
    {
        StatusChange.Classify(State(task: "render"), Event(task: "render"), wasStale: false).ShouldBeNull("same text");
        StatusChange.Classify(State(task: "render"), Event(task: "Render"), wasStale: false).ShouldBe("current task", "case differs");
        StatusChange.Classify(State(task: "render"), Event(task: "render "), wasStale: false).ShouldBe("current task", "trailing space");
        StatusChange.Classify(State(task: "render"), Event(task: null), wasStale: false).ShouldBe("current task", "task ended");
        StatusChange.Classify(State(task: null), Event(task: "render"), wasStale: false).ShouldBe("current task", "task began");
    }

    [Fact]
    public void The_first_matching_rule_names_the_reason()
    {
        var everything = Event(InfluencerStatus.Busy, ["dubbing:v1"], task: "t", load: 0.9, confidence: 0.1, relevance: 0.9);
        StatusChange.Classify(new InfluencerState(), everything, wasStale: true).ShouldBe("first status");
        StatusChange.Classify(State(), everything, wasStale: true).ShouldBe("back from stale");
        StatusChange.Classify(State(), everything, wasStale: false).ShouldBe("status");
        StatusChange.Classify(State(), everything with { Status = InfluencerStatus.Online }, wasStale: false).ShouldBe("capabilities");
        var sameCapabilities = everything with { Status = InfluencerStatus.Online, Capabilities = Event().Capabilities };
        StatusChange.Classify(State(), sameCapabilities, wasStale: false).ShouldBe("current task");
        StatusChange.Classify(State(), sameCapabilities with { CurrentTask = null }, wasStale: false).ShouldBe("load");
        StatusChange.Classify(State(), sameCapabilities with { CurrentTask = null, Load = 0.2 }, wasStale: false).ShouldBe("relevance");
        StatusChange.Classify(State(), sameCapabilities with { CurrentTask = null, Load = 0.2, RelevanceScore = 0.5 }, wasStale: false).ShouldBe("confidence");
    }

    [Fact]
    public void The_comparison_is_against_the_baseline_not_the_last_heartbeat()
    {
        // The state's latest load is 0.29 (a heartbeat), but the baseline of the last change is 0.20: 0.30 is a change.
        var state = State(load: 0.2);
        state.Load = 0.29;
        StatusChange.Classify(state, Event(load: 0.3), wasStale: false).ShouldBe("load");
        state.BaselineLoad = 0.29;
        StatusChange.Classify(state, Event(load: 0.3), wasStale: false).ShouldBeNull();
    }

    [Fact]
    public void The_tolerance_is_far_below_any_meaningful_move()
    {
        ChangeRules.MovedAtLeast(0.2, 0.2999999, ChangeRules.LoadThreshold).ShouldBeFalse();
        ChangeRules.MovedAtLeast(0.2, 0.3, ChangeRules.LoadThreshold).ShouldBeTrue();
        ChangeRules.MovedAtLeast(0.3, 0.2, ChangeRules.LoadThreshold).ShouldBeTrue();
    }

    private static InfluencerState State(double load = 0.2, double confidence = 0.9, double relevance = 0.5, string? task = null) => new()
    {
        Known = true,
        ReportedStatus = InfluencerStatus.Online,
        Capabilities = [.. Capabilities.Select(Capability.Parse)],
        CurrentTask = task,
        Load = load,
        Confidence = confidence,
        RelevanceScore = relevance,
        BaselineLoad = load,
        BaselineConfidence = confidence,
        BaselineRelevance = relevance,
        LastSeen = Now,
        LastChangeAt = Now,
    };

    private static StatusEvent Event(
        InfluencerStatus status = InfluencerStatus.Online,
        string[]? capabilities = null,
        string? task = null,
        double load = 0.2,
        double confidence = 0.9,
        double relevance = 0.5) =>
        StatusEvents.Create("change-rules", Now + TimeSpan.FromSeconds(1), status, capabilities ?? Capabilities, load, confidence, relevance, task);
}
