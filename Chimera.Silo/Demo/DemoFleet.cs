using Chimera.Client.Adapters;
using Chimera.Contracts.Model;
using Chimera.Contracts.Provenance;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Chimera.Silo.Demo;

/// <summary>Runs the simulated influencers and publishes their signed events through an adapter transport.</summary>
internal sealed partial class DemoFleet(
    IAdapterTransport transport,
    AdapterKey key,
    IOptions<DemoOptions> options,
    TimeProvider clock,
    ILogger<DemoFleet> logger) : BackgroundService
{
    private static readonly string[] Names = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo", "lima"];

    private static readonly Capability[] Catalogue =
    [
        new("video-gen", 1), new("video-gen", 2), new("video-gen", 3), new("captioning", 1),
        new("voice-clone", 2), new("translation", 1), new("internal-moderation", 1),
    ];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var random = new Random(42);
        var fleet = Enumerable.Range(0, settings.Influencers).Select(i => Create(i, random)).ToList();
        var now = clock.GetUtcNow();
        foreach (var influencer in fleet)
        {
            await PublishAsync(influencer, now, stoppingToken);
            influencer.Schedule(now, settings.MeanTimeBetweenChanges);
        }

        LogStarted(fleet.Count);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            now = clock.GetUtcNow();
            foreach (var influencer in fleet)
            {
                if (influencer.Crashed)
                {
                    continue;
                }

                if (now >= influencer.NextChange)
                {
                    influencer.Change();
                    if (influencer.Crashed)
                    {
                        LogCrashed(influencer.InfluencerId);
                        continue;
                    }

                    await PublishAsync(influencer, now, stoppingToken);
                    influencer.Schedule(now, settings.MeanTimeBetweenChanges);
                }
                else if (now >= influencer.NextHeartbeat)
                {
                    await PublishAsync(influencer, now, stoppingToken);
                    influencer.Schedule(now, settings.MeanTimeBetweenChanges);
                }
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

    private async Task PublishAsync(SimulatedInfluencer influencer, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            await transport.PublishAsync(influencer.Emit(now, key), influencer.InfluencerId, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogPublishFailed(ex, influencer.InfluencerId);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo: {Count} simulated adapters publishing")]
    private partial void LogStarted(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo: {InfluencerId} crashed; it stops heartbeating and will go stale after its TTL")]
    private partial void LogCrashed(string influencerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo: publishing for {InfluencerId} failed")]
    private partial void LogPublishFailed(Exception exception, string influencerId);
}
