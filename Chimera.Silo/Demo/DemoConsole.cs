using System.Globalization;
using System.Text;
using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Core.Ingress;
using Chimera.Core.Outbound;
using Microsoft.Extensions.Options;

namespace Chimera.Silo.Demo;

/// <summary>The demo's live view: the registry by status, the top of the registry, and a routing decision, every few seconds.</summary>
internal sealed class DemoConsole(
    IGrainFactory grains,
    IOptions<DemoOptions> options,
    IServiceProvider services,
    TimeProvider clock) : BackgroundService
{
    private static readonly RouteRequest SampleRequest = new([new Capability("video-gen", 2)], CostClass.High, 3);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                Console.Out.Write(await RenderAsync());
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Console.Error.WriteLine($"demo view: {ex.Message}");
            }
        }
    }

    private async Task<string> RenderAsync()
    {
        var routing = grains.GetGrain<IRoutingGrain>(IRoutingGrain.DefaultPool);
        var counts = await routing.GetCountsAsync();
        var rows = await routing.ListAsync(new ListQuery(Limit: 12));
        var route = await routing.RouteAsync(SampleRequest);
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        var byStatus = string.Join("  ", counts.ByStatus.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value}"));
        text.AppendLine(inv, $"\n── Chimera registry @ {clock.GetUtcNow():HH:mm:ss} ── {counts.Total} influencers: {byStatus}");
        foreach (var row in rows)
        {
            var status = row.IsStale ? "STALE" : row.Status.ToWire();
            text.AppendLine(inv, $"  {row.InfluencerId,-12} {status,-12} load {row.Load:0.00}  conf {row.Confidence:0.00}  rel {row.RelevanceScore:0.00}  [{string.Join(", ", row.Capabilities)}]");
        }

        var chosen = route.Candidates.Count == 0 ? "no candidate" : string.Join(", ", route.Candidates.Select(c => string.Create(inv, $"{c.InfluencerId} ({c.Score:0.00})")));
        var probing = route.ProbesScheduled.Count == 0 ? "" : $"; probing {string.Join(", ", route.ProbesScheduled.Select(p => p.InfluencerId))} first (confidence < 0.5)";
        text.AppendLine(inv, $"  route video-gen:v2 (high cost, 3): {chosen}{probing}");
        if (services.GetService(typeof(IStatusOutbound)) is InMemoryStatusOutbound outbound)
        {
            text.Append("  openclaw announcements: ").Append(outbound.AnnouncementCount);
        }

        if (services.GetService(typeof(DemoProber)) is DemoProber prober)
        {
            text.Append(inv, $"   probes answered: {prober.Passed} passed, {prober.Failed} failed");
        }

        if (services.GetService(typeof(IDeadLetterSink)) is InMemoryDeadLetterSink deadLetters)
        {
            text.Append("   dead letters: ").Append(deadLetters.Total);
        }

        text.AppendLine();
        return text.ToString();
    }
}
