using System.Reflection;
using Chimera.Contracts.Wire;
using Chimera.Contracts.Grains;
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
        var parsed = PageQueries.List(query["status"].ToString(), query["capability"].ToString(), query["stale"].ToString(), query["limit"].ToString());
        if (parsed.Value is not { } filter)
        {
            return BadRequest(parsed.Problem!);
        }

        var rows = await Routing(grains).ListAsync(new ListQuery(filter.Status, filter.Capability, filter.Stale is null ? filter.Limit : MaxList));
        return Json(filter.Stale is null ? rows : rows.Where(r => r.IsStale == filter.Stale).Take(filter.Limit).ToList());
    }

    private static async Task<IResult> RouteAsync(RouteForm? form, IGrainFactory grains)
    {
        var parsed = PageQueries.Route(form);
        return parsed.Value is { } request ? Json(await Routing(grains).RouteAsync(request)) : BadRequest(parsed.Problem!);
    }

    // ?after=R&limit=N: one page of the change stream, without waiting (the stream endpoint waits).
    private static async Task<IResult> ChangesAsync(HttpRequest request, IGrainFactory grains)
    {
        var parsed = PageQueries.Changes(request.Query["after"].ToString(), request.Query["limit"].ToString());
        if (parsed.Value is not { } page)
        {
            return BadRequest(parsed.Problem!);
        }

        try
        {
            return Json(await grains.GetGrain<IChangeFeedGrain>(0).ReadAsync(page.After, ChangeFilter.All, page.Limit, TimeSpan.Zero));
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
