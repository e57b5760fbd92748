using Chimera.Adapters;
using Chimera.Contracts.Model;
using Chimera.Contracts.Provenance;
using Chimera.Contracts.Spec;
using Chimera.Contracts.Validation;
using Chimera.Contracts.Wire;
using Chimera.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Chimera.Tests.Adapters;

[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class StatusAdapterTests
{
    private static readonly Capability[] Caps = [new("video-gen", 2), new("captioning", 1)];

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 2, 6, 12, 45, 0, TimeSpan.Zero));
    private readonly RecordingTransport _transport = new();

    private StatusAdapter Create(int capacity = StatusAdapterOptions.DefaultBufferCapacity, bool conservative = false) =>
        new(new StatusAdapterOptions { InfluencerId = "alpha", BufferCapacity = capacity, Conservative = conservative, StopDrainTimeout = TimeSpan.Zero },
            DevelopmentKeys.Key, _transport, _time);

    private static StatusReport Online(double relevance = 0.75, double load = 0.2) =>
        new(InfluencerStatus.Online, Caps, null, load, 0.98, relevance, "trace-abc-123");

    [Fact]
    public async Task Report_PublishesAValidSignedEventThatTheKeyringVerifies()
    {
        await using var adapter = Create();

        (await adapter.ReportAsync(Online())).ShouldBe(ReportOutcome.Published);

        var entry = _transport.Entries.ShouldHaveSingleItem();
        new AdapterKeyring([DevelopmentKeys.Key]).Verify(entry, "alpha").ShouldBeNull();
        var decoded = StatusEventJson.Decode(entry.EventJson, RatifiedSpecs.Embedded());
        decoded.IsValid.ShouldBeTrue();
        decoded.Event.Source.ShouldBe("worker/influencer.alpha");
        decoded.Event.EventId.ShouldStartWith("influencer-status-");
        decoded.Event.SpecReference.ShouldBe("specs/openclaw_integration.md");
        decoded.Event.Timestamp.ShouldBe(_time.GetUtcNow());
        decoded.Event.Capabilities.ShouldBe(Caps);
        decoded.Event.TraceId.ShouldBe("trace-abc-123");
    }

    [Fact]
    public async Task Heartbeats_FollowTheRelevanceDerivedInterval()
    {
        await using var adapter = Create();
        await adapter.ReportAsync(Online(relevance: 1.0));
        var interval = HeartbeatCadence.Interval(1.0);
        interval.ShouldBe(TimeSpan.FromSeconds(30));

        _time.Advance(interval - TimeSpan.FromSeconds(1));
        await adapter.WhenIdleAsync();
        _transport.Entries.Count.ShouldBe(1);

        _time.Advance(TimeSpan.FromSeconds(1));
        await adapter.WhenIdleAsync();
        _transport.Entries.Count.ShouldBe(2);

        _time.Advance(interval);
        await adapter.WhenIdleAsync();
        _transport.Entries.Count.ShouldBe(3);

        var events = _transport.Events();
        events.Select(e => e.Status).ShouldAllBe(s => s == InfluencerStatus.Online);
        events.Select(e => e.EventId).Distinct().Count().ShouldBe(3);
        events[2].Timestamp.ShouldBe(events[0].Timestamp + (2 * interval));
    }

    [Fact]
    public async Task Heartbeats_UseTheSlowestRateOnAConservativeNetwork()
    {
        await using var adapter = Create(conservative: true);
        await adapter.ReportAsync(Online(relevance: 1.0));
        adapter.HeartbeatInterval.ShouldBe(HeartbeatCadence.MaxInterval);

        _time.Advance(HeartbeatCadence.MaxInterval - TimeSpan.FromSeconds(1));
        await adapter.WhenIdleAsync();
        _transport.Entries.Count.ShouldBe(1);
        _time.Advance(TimeSpan.FromSeconds(1));
        await adapter.WhenIdleAsync();
        _transport.Entries.Count.ShouldBe(2);
    }

    [Theory]
    [InlineData(InfluencerStatus.Busy)]
    [InlineData(InfluencerStatus.Maintenance)]
    [InlineData(InfluencerStatus.Idle)]
    public async Task StatusChange_IsEmittedImmediately(InfluencerStatus next)
    {
        await using var adapter = Create();
        await adapter.ReportAsync(Online());

        (await adapter.ReportAsync(Online() with { Status = next, CurrentTask = "render clip 7" })).ShouldBe(ReportOutcome.Published);

        _transport.Statuses().ShouldBe([InfluencerStatus.Online, next]);
    }

    [Fact]
    public async Task IdenticalReport_EmitsNothing()
    {
        await using var adapter = Create();
        await adapter.ReportAsync(Online());

        (await adapter.ReportAsync(Online() with { TraceId = "another-trace" })).ShouldBe(ReportOutcome.Unchanged);

        _transport.Entries.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Change_RestartsTheHeartbeatClock()
    {
        await using var adapter = Create();
        await adapter.ReportAsync(Online(relevance: 1.0));
        _time.Advance(TimeSpan.FromSeconds(20));
        await adapter.ReportAsync(Online(relevance: 1.0, load: 0.5));

        _time.Advance(TimeSpan.FromSeconds(29));
        await adapter.WhenIdleAsync();
        _transport.Entries.Count.ShouldBe(2);
        _time.Advance(TimeSpan.FromSeconds(1));
        await adapter.WhenIdleAsync();
        _transport.Entries.Count.ShouldBe(3);
    }

    [Fact]
    public async Task Stop_EmitsOfflineAndEndsHeartbeats()
    {
        var adapter = Create();
        await adapter.ReportAsync(Online(relevance: 1.0));

        await adapter.StopAsync();
        _time.Advance(TimeSpan.FromMinutes(10));
        await adapter.WhenIdleAsync();

        _transport.Statuses().ShouldBe([InfluencerStatus.Online, InfluencerStatus.Offline]);
        var events = _transport.Events();
        events[1].Timestamp.ShouldBeGreaterThan(events[0].Timestamp);
        await Should.ThrowAsync<ObjectDisposedException>(() => adapter.ReportAsync(Online()));
        await adapter.DisposeAsync();
        _transport.Entries.Count.ShouldBe(2);
    }

    [Fact]
    public async Task BadReport_FailsFastWithTheViolations()
    {
        await using var adapter = Create();

        var ex = await Should.ThrowAsync<StatusRejectedException>(() => adapter.ReportAsync(Online() with { Load = 1.5 }));

        ex.Violations.ShouldHaveSingleItem().Path.ShouldBe("payload.load");
        ex.Violations[0].Code.ShouldBe(RejectCodes.OutOfRange);
        _transport.Attempts.ShouldBe(0);
        adapter.Current.ShouldBeNull();
    }

    [Fact]
    public async Task TransportFailure_BuffersAndRetriesWithExponentialBackoff()
    {
        await using var adapter = Create();
        _transport.Failing = true;

        (await adapter.ReportAsync(Online())).ShouldBe(ReportOutcome.Buffered);
        adapter.Buffered.ShouldBe(1);
        _transport.Attempts.ShouldBe(1);

        _time.Advance(TimeSpan.FromSeconds(1));
        await adapter.WhenIdleAsync();
        _transport.Attempts.ShouldBe(2);

        // Second retry waits twice as long.
        _time.Advance(TimeSpan.FromSeconds(1));
        await adapter.WhenIdleAsync();
        _transport.Attempts.ShouldBe(2);
        _time.Advance(TimeSpan.FromSeconds(1));
        await adapter.WhenIdleAsync();
        _transport.Attempts.ShouldBe(3);

        _transport.Failing = false;
        _time.Advance(TimeSpan.FromSeconds(4));
        await adapter.WhenIdleAsync();
        adapter.Buffered.ShouldBe(0);
        _transport.Statuses().ShouldBe([InfluencerStatus.Online]);
        adapter.PublishFailures.ShouldBe(3);
    }

    [Fact]
    public async Task FullBuffer_CoalescesHeartbeatsAndCountsDroppedChanges()
    {
        await using var adapter = Create(capacity: 2);
        _transport.Failing = true;

        await adapter.ReportAsync(Online(load: 0.1));
        await adapter.ReportAsync(Online(load: 0.2));
        adapter.Buffered.ShouldBe(2);

        // A heartbeat finds the buffer full of changes: it is the one dropped.
        _time.Advance(adapter.HeartbeatInterval);
        await adapter.WhenIdleAsync();
        adapter.DroppedHeartbeats.ShouldBe(1);
        adapter.DroppedChanges.ShouldBe(0);

        // A third change evicts the oldest change, counted.
        await adapter.ReportAsync(Online() with { Status = InfluencerStatus.Busy });
        adapter.Buffered.ShouldBe(2);
        adapter.DroppedChanges.ShouldBe(1);

        _transport.Failing = false;
        await adapter.ReportAsync(Online() with { Status = InfluencerStatus.Maintenance });

        adapter.DroppedChanges.ShouldBe(2);
        _transport.Statuses().ShouldBe([InfluencerStatus.Busy, InfluencerStatus.Maintenance]);
    }

    [Fact]
    public async Task BufferedHeartbeat_IsSupersededByANewerOne()
    {
        await using var adapter = Create(capacity: 4);
        await adapter.ReportAsync(Online(relevance: 1.0));
        _transport.Failing = true;

        _time.Advance(TimeSpan.FromSeconds(30));
        await adapter.WhenIdleAsync();
        _time.Advance(TimeSpan.FromSeconds(30));
        await adapter.WhenIdleAsync();

        adapter.Buffered.ShouldBe(1);
        adapter.CoalescedHeartbeats.ShouldBe(1);
        adapter.DroppedHeartbeats.ShouldBe(0);
    }

    [Fact]
    public async Task Stop_CountsUndeliveredChangesWhenTheTransportStaysDown()
    {
        var adapter = Create();
        _transport.Failing = true;
        await adapter.ReportAsync(Online());

        await adapter.StopAsync();

        adapter.DroppedChanges.ShouldBe(2);
        adapter.Buffered.ShouldBe(0);
        await adapter.DisposeAsync();
    }

    [Fact]
    public void Options_AreValidatedNamingTheSetting()
    {
        Should.Throw<OptionsValidationException>(() => new StatusAdapter(new StatusAdapterOptions { InfluencerId = "bad id" }, DevelopmentKeys.Key, _transport, _time))
            .Message.ShouldContain("InfluencerId");
        Should.Throw<OptionsValidationException>(() => new StatusAdapter(new StatusAdapterOptions { InfluencerId = "alpha", BufferCapacity = 0 }, DevelopmentKeys.Key, _transport, _time))
            .Message.ShouldContain("BufferCapacity");
    }
}
