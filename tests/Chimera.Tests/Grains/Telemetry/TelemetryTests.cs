using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Core.Telemetry;
using Chimera.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Chimera.Tests.Grains.Telemetry;

/// <summary>
/// Chimera's spans and instruments as the grains record them (spec §10), read with the .NET listeners that
/// OpenTelemetry itself uses, on the silos of a fixture of their own (so every count is exact).
/// </summary>
[Trait(TestCategories.Name, TestCategories.Cluster)]
public sealed class TelemetryTests(TelemetryFixture fixture) : IClassFixture<TelemetryFixture>, IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly ConcurrentQueue<Activity> _activities = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = new();
    private ActivityListener? _activityListener;
    private MeterListener? _meterListener;

    private DateTimeOffset Now => fixture.Clock.GetUtcNow();

    [Fact]
    public async Task Changes_and_heartbeats_record_spans_ingest_lag_route_latency_and_the_registry_gauges()
    {
        Listen();
        var influencer = "otel-alpha";
        var change = StatusEvents.Create(influencer, Now - TimeSpan.FromSeconds(3), confidence: 0.3);
        (await Ingest(change)).ShouldBeEmpty();

        // One span for the change, carrying the event's own trace_id so an operator can find its path.
        var span = await Eventually.ReturnsAsync(
            () => Task.FromResult(_activities.FirstOrDefault(a => a.OperationName == "chimera.status.change" && Equals(a.GetTagItem("chimera.influencer_id"), influencer))),
            a => a is not null, "the change span", Deadline);
        span!.GetTagItem(ChimeraTelemetry.EventTraceIdTag).ShouldBe(change.TraceId);
        span.GetTagItem("chimera.event.id").ShouldBe(change.EventId);
        span.GetTagItem("chimera.change.reason").ShouldBe("first status");
        _activities.ShouldContain(a => a.OperationName == "chimera.ingest.batch" && Equals(a.GetTagItem(ChimeraTelemetry.EventTraceIdTag), change.TraceId));

        // Ingest lag: event time to applied, on the domain clock (3 s: the event was stamped 3 s ago).
        var lag = await Eventually.ReturnsAsync(() => Task.FromResult(Measured("chimera.ingest.lag")), m => m.Count == 1, "one ingest-lag measurement", Deadline);
        lag[0].Value.ShouldBe(3.0, 0.000001);
        lag[0].Tags["kind"].ShouldBe("change");

        // The counters come from the same per-silo meter (IMeterFactory), so they count this silo's work only.
        Measured("chimera.events.changes").Count.ShouldBe(1);
        Measured("chimera.events.accepted").Count.ShouldBe(1);

        // A heartbeat (same state, later) records its lag too, as a heartbeat.
        var beat = StatusEvents.Create(influencer, Now - TimeSpan.FromSeconds(1), confidence: 0.3, eventId: "influencer-status-otel-beat");
        (await Ingest(beat)).ShouldBeEmpty();
        lag = await Eventually.ReturnsAsync(() => Task.FromResult(Measured("chimera.ingest.lag")), m => m.Count == 2, "a second ingest-lag measurement", Deadline);
        lag[1].Value.ShouldBe(1.0, 0.000001);
        lag[1].Tags["kind"].ShouldBe("heartbeat");
        Measured("chimera.events.heartbeats").Count.ShouldBe(1);

        // Route latency: one measurement per route, by cost; a high-cost route opens a probe for this low-confidence influencer.
        var routing = fixture.Client.GetGrain<IRoutingGrain>(IRoutingGrain.DefaultPool);
        var route = await Eventually.ReturnsAsync(
            () => routing.RouteAsync(new RouteRequest([new Capability("video-gen", 2)], CostClass.High, 1)).AsTask(),
            r => r.ProbesScheduled.Count == 1, "a probe for the low-confidence influencer", Deadline);
        route.ProbesScheduled[0].InfluencerId.ShouldBe(influencer);
        var routes = Measured("chimera.route.duration");
        routes.ShouldNotBeEmpty();
        routes.ShouldAllBe(m => m.Value >= 0 && m.Value < 5);
        routes[^1].Tags["cost"].ShouldBe("high");

        // Gauges: the routing grain publishes its counts (all statuses, zeros included) and open probes.
        var gauges = await Eventually.ReturnsAsync(
            () => Task.FromResult(Observe()),
            g => g.TryGetValue(("chimera.probes.open", ""), out var open) && open == 1,
            "the open-probe gauge to show the probe", Deadline);
        gauges[("chimera.registry.influencers", "online")].ShouldBe(1);
        gauges[("chimera.registry.influencers", "busy")].ShouldBe(0);
        gauges[("chimera.registry.influencers", "offline")].ShouldBe(0);
    }

    public void Dispose()
    {
        _activityListener?.Dispose();
        _meterListener?.Dispose();
    }

    private Task<IReadOnlyList<Chimera.Contracts.Validation.Violation>> Ingest(StatusEvent statusEvent) =>
        fixture.Client.GetGrain<IStatusIngestGrain>(0).IngestAsync(StatusEvents.Sign(statusEvent)).AsTask();

    private List<(string Instrument, double Value, Dictionary<string, object?> Tags)> Measured(string instrument) =>
        [.. _measurements.Where(m => m.Instrument == instrument)];

    private Dictionary<(string Instrument, string Tag), double> Observe()
    {
        _measurements.Clear();
        _meterListener!.RecordObservableInstruments();
        var result = new Dictionary<(string, string), double>();
        foreach (var (instrument, value, tags) in _measurements.Where(m => m.Instrument is "chimera.registry.influencers" or "chimera.probes.open"))
        {
            result[(instrument, tags.TryGetValue("status", out var status) ? (string)status! : "")] = value;
        }

        return result;
    }

    private void Listen()
    {
        _activityListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ChimeraTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _activities.Enqueue,
        };
        ActivitySource.AddActivityListener(_activityListener);

        // Only this fixture's silos: each silo's IMeterFactory hands out its own "Chimera" meter.
        var meters = fixture.Cluster.Silos.Select(s => s.ServiceProvider.GetRequiredService<IMeterFactory>().Create(ChimeraTelemetry.SourceName)).ToHashSet();
        _meterListener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (meters.Contains(instrument.Meter))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _meterListener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meterListener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meterListener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meterListener.Start();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        _measurements.Enqueue((instrument.Name, value, copy));
    }
}
