using Chimera.Adapters;
using Chimera.Contracts.Model;
using Chimera.Contracts.Provenance;
using Microsoft.Extensions.Options;

namespace Chimera.Silo.Demo;

/// <summary>
/// Runs the simulated influencers, each behind a real <see cref="StatusAdapter"/> (spec cadence, immediate
/// changes, signing, buffering) publishing through the configured transport; stops them gracefully
/// (offline) when the silo stops.
/// </summary>
internal sealed partial class DemoFleet(
    IAdapterTransport transport,
    AdapterKey key,
    DemoRoster roster,
    IOptions<DemoOptions> options,
    TimeProvider clock,
    ILoggerFactory loggers) : BackgroundService
{
    private static readonly string[] Names = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo", "lima"];

    private static readonly Capability[] Catalogue =
    [
        new("video-gen", 1), new("video-gen", 2), new("video-gen", 3), new("captioning", 1),
        new("voice-clone", 2), new("translation", 1), new("internal-moderation", 1),
    ];

    private readonly ILogger _logger = loggers.CreateLogger<DemoFleet>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var random = new Random(42);
        var fleet = new List<(SimulatedInfluencer Worker, SimulatedHost Host, StatusAdapter Adapter)>();
        try
        {
            for (var i = 0; i < settings.Influencers; i++)
            {
                var worker = Create(i, random);
                roster.Add(worker.InfluencerId, i, settings.ProbeFailureRate);
                var host = new SimulatedHost(transport);
                var adapter = new StatusAdapter(new StatusAdapterOptions { InfluencerId = worker.InfluencerId }, key, host, clock, loggers.CreateLogger<StatusAdapter>());
                fleet.Add((worker, host, adapter));
                await adapter.ReportAsync(worker.Current, stoppingToken);
                worker.ScheduleNextChange(clock.GetUtcNow(), settings.MeanTimeBetweenChanges);
            }

            LogStarted(fleet.Count);
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250), clock);
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                var now = clock.GetUtcNow();
                foreach (var (worker, host, adapter) in fleet)
                {
                    if (host.Crashed || now < worker.NextChange)
                    {
                        continue;
                    }

                    if (!worker.TryChange())
                    {
                        host.Crash();
                        LogCrashed(worker.InfluencerId);
                        continue;
                    }

                    await adapter.ReportAsync(worker.Current, stoppingToken);
                    worker.ScheduleNextChange(now, settings.MeanTimeBetweenChanges);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Silo stopping: the adapters below say offline.
        }
        finally
        {
            foreach (var (_, _, adapter) in fleet)
            {
                await adapter.DisposeAsync();
            }
        }
    }

    private static SimulatedInfluencer Create(int index, Random random)
    {
        var name = index < Names.Length ? Names[index] : $"{Names[index % Names.Length]}-{index / Names.Length}";
        var capabilities = Catalogue.OrderBy(_ => random.Next()).Take(random.Next(2, 5))
            .GroupBy(c => c.Name).Select(g => g.First()).ToArray();
        var confidence = Math.Round(random.Next(5) == 0 ? 0.3 + (random.NextDouble() * 0.15) : 0.7 + (random.NextDouble() * 0.3), 2);
        return new SimulatedInfluencer(name, capabilities, Math.Round(random.NextDouble(), 2), confidence, random);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo: {Count} simulated adapters publishing")]
    private partial void LogStarted(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo: {InfluencerId}'s host crashed; it goes silent and will be seen stale after its TTL")]
    private partial void LogCrashed(string influencerId);
}
