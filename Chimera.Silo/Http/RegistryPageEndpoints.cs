using System.Globalization;
using System.Reflection;
using Chimera.Contracts.Wire;
using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Core.Ingress;

namespace Chimera.Silo.Http;

/// <summary>
/// The live registry page (spec §10): one static HTML page and one small script, embedded in the silo, over a JSON
/// API on the same port. No front-end build: the browser renders, the script fetches <c>/api/*</c> and follows the
/// change stream over server-sent events (<see cref="ChangeStreamEndpoint"/>). The API speaks the CLI's JSON
/// (snake_case, wire spellings), so scripts can use it too.
/// </summary>
internal static class RegistryPageEndpoints
{
    private const int MaxList = ListQuery.MaxLimit;

    public static IEndpointRouteBuilder MapRegistryPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Asset("index.html", "text/html; charset=utf-8"));
        app.MapGet("/page/app.js", () => Asset("app.js", "text/javascript; charset=utf-8"));
        app.MapGet("/page/app.css", () => Asset("app.css", "text/css; charset=utf-8"));

        var api = app.MapGroup("/api");
        api.MapGet("/counts", async (IGrainFactory grains) => Json(await Routing(grains).GetCountsAsync()));
        api.MapGet("/influencers", ListAsync);
        api.MapPost("/route", RouteAsync);
        api.MapGet("/changes", ChangesAsync);
        api.MapGet("/changes/stream", ChangeStreamEndpoint.StreamAsync);
        api.MapGet("/deadletters", async (IDeadLetterReader reader, CancellationToken ct) => Json(await reader.SummarizeAsync(cancellationToken: ct)));
        api.MapGet("/silos", SilosAsync);
        return app;
    }

    internal static IResult Json<T>(T value, int status = StatusCodes.Status200OK) =>
        Results.Json(value, ChimeraJson.Options, statusCode: status);

    internal static IResult BadRequest(string error) => Json(new { error }, StatusCodes.Status400BadRequest);

    private static IRoutingGrain Routing(IGrainFactory grains) => grains.GetGrain<IRoutingGrain>(IRoutingGrain.DefaultPool);

    // ?status=busy&capability=video-gen:v2&stale=true&limit=200: the routing index's list, filtered.
    private static async Task<IResult> ListAsync(HttpRequest request, IGrainFactory grains)
    {
        var query = request.Query;
        InfluencerStatus? status = null;
        if (query["status"].ToString() is { Length: > 0 } statusText)
        {
            if (!InfluencerStatusNames.TryParse(statusText, out var parsed))
            {
                return BadRequest($"status '{statusText}' is not one of online, idle, busy, maintenance, offline");
            }

            status = parsed;
        }

        Capability? capability = null;
        if (query["capability"].ToString() is { Length: > 0 } capabilityText)
        {
            if (!Capability.TryParse(capabilityText, out var parsed, out var error))
            {
                return BadRequest(error);
            }

            capability = parsed;
        }

        bool? stale;
        switch (query["stale"].ToString())
        {
            case "" or "any": stale = null; break;
            case "true": stale = true; break;
            case "false": stale = false; break;
            case var other: return BadRequest($"stale '{other}' must be true, false or any");
        }

        var limit = 200;
        if (query["limit"].ToString() is { Length: > 0 } limitText && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxList))
        {
            return BadRequest($"limit must be 1-{MaxList}");
        }

        var rows = await Routing(grains).ListAsync(new ListQuery(status, capability, stale is null ? limit : MaxList));
        return Json(stale is null ? rows : rows.Where(r => r.IsStale == stale).Take(limit).ToList());
    }

    private static async Task<IResult> RouteAsync(RouteForm form, IGrainFactory grains)
    {
        if (form.Capabilities is not { Count: > 0 and <= 16 })
        {
            return BadRequest("capabilities: give 1-16 descriptors such as video-gen:v2");
        }

        var capabilities = new List<Capability>();
        foreach (var text in form.Capabilities)
        {
            if (!Capability.TryParse(text, out var capability, out var error))
            {
                return BadRequest(error);
            }

            capabilities.Add(capability);
        }

        if (form.Cost is not ("low" or "high"))
        {
            return BadRequest("cost must be low or high");
        }

        if (form.Count is < 1 or > RouteRequest.MaxCount)
        {
            return BadRequest($"count must be 1-{RouteRequest.MaxCount}");
        }

        return Json(await Routing(grains).RouteAsync(new RouteRequest(capabilities, form.Cost == "high" ? CostClass.High : CostClass.Low, form.Count)));
    }

    // ?after=R&limit=N: one page of the change stream, without waiting (the stream endpoint waits).
    private static async Task<IResult> ChangesAsync(HttpRequest request, IGrainFactory grains)
    {
        var after = 0L;
        if (request.Query["after"].ToString() is { Length: > 0 } afterText && (!long.TryParse(afterText, NumberStyles.None, CultureInfo.InvariantCulture, out after)))
        {
            return BadRequest("after must be a revision (0 or more)");
        }

        var limit = 100;
        if (request.Query["limit"].ToString() is { Length: > 0 } limitText && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > IChangeFeedGrain.MaxPage))
        {
            return BadRequest($"limit must be 1-{IChangeFeedGrain.MaxPage}");
        }

        try
        {
            return Json(await grains.GetGrain<IChangeFeedGrain>(0).ReadAsync(after, ChangeFilter.All, limit, TimeSpan.Zero));
        }
        catch (ChangesDroppedException ex)
        {
            // The rows after that position are gone (embedded profile): say so instead of returning later ones as if next.
            return Json(new { error = ex.Message, oldest_retained = ex.OldestRetained }, StatusCodes.Status410Gone);
        }
    }

    private static async Task<IResult> SilosAsync(IGrainFactory grains)
    {
        var hosts = await grains.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: false);
        var recent = DateTime.UtcNow - TimeSpan.FromMinutes(15);
        return Json(hosts
            .Where(h => h.Status != SiloStatus.Dead || h.IAmAliveTime > recent)
            .OrderBy(h => h.Status == SiloStatus.Dead).ThenBy(h => h.SiloName, StringComparer.Ordinal)
            .Select(h => new
            {
                address = h.SiloAddress.ToParsableString(),
                name = h.SiloName,
                host = h.HostName,
                status = h.Status.ToString(),
                started = h.StartTime,
                last_alive = h.IAmAliveTime,
            }).ToList());
    }

    private static IResult Asset(string name, string contentType)
    {
        var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Chimera.Silo.Http.Page.{name}")
            ?? throw new InvalidOperationException($"the page asset {name} is not embedded in the silo");
        return Results.Stream(stream, contentType);
    }
}
