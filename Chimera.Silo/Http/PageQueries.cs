using System.Globalization;
using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Contracts.Validation;

namespace Chimera.Silo.Http;

/// <summary>
/// The page API's inputs (spec §10), parsed apart from HTTP so that every parser can be checked on any text: each one
/// gives a request or an error that names the parameter, never an exception. Query values arrive as the raw text of
/// the request (empty when the parameter is absent).
/// </summary>
internal static class PageQueries
{
    /// <summary>Default page of <c>/api/influencers</c>.</summary>
    public const int DefaultListLimit = 200;

    /// <summary>Default page of <c>/api/changes</c>.</summary>
    public const int DefaultChangesLimit = 100;

    /// <summary>
    /// Most capabilities a route may require: an influencer announces at most <see cref="StatusLimits.MaxCapabilities"/>,
    /// so a longer list could never match.
    /// </summary>
    public const int MaxRouteCapabilities = StatusLimits.MaxCapabilities;

    /// <summary><c>?status=busy&amp;capability=video-gen:v2&amp;stale=true|false|any&amp;limit=N</c>.</summary>
    public static Parsed<ListFilter> List(string status, string capability, string stale, string limit)
    {
        InfluencerStatus? statusFilter = null;
        if (status.Length > 0)
        {
            if (!InfluencerStatusNames.TryParse(status, out var parsed))
            {
                return Parsed<ListFilter>.Error($"status '{status}' is not one of online, idle, busy, maintenance, offline");
            }

            statusFilter = parsed;
        }

        Capability? capabilityFilter = null;
        if (capability.Length > 0)
        {
            if (!Capability.TryParse(capability, out var parsed, out var error))
            {
                return Parsed<ListFilter>.Error(error);
            }

            capabilityFilter = parsed;
        }

        bool? staleFilter;
        switch (stale)
        {
            case "" or "any": staleFilter = null; break;
            case "true": staleFilter = true; break;
            case "false": staleFilter = false; break;
            default: return Parsed<ListFilter>.Error($"stale '{stale}' must be true, false or any");
        }

        return TryCount(limit, DefaultListLimit, ListQuery.MaxLimit, out var rows)
            ? Parsed<ListFilter>.Ok(new ListFilter(statusFilter, capabilityFilter, staleFilter, rows))
            : Parsed<ListFilter>.Error($"limit must be 1-{ListQuery.MaxLimit}");
    }

    /// <summary><c>?after=R&amp;limit=N</c> of <c>/api/changes</c>.</summary>
    public static Parsed<ChangesPage> Changes(string after, string limit)
    {
        var afterRevision = 0L;
        if (after.Length > 0 && !TryRevision(after, out afterRevision))
        {
            return Parsed<ChangesPage>.Error("after must be a revision (0 or more)");
        }

        return TryCount(limit, DefaultChangesLimit, IChangeFeedGrain.MaxPage, out var rows)
            ? Parsed<ChangesPage>.Ok(new ChangesPage(afterRevision, rows))
            : Parsed<ChangesPage>.Error($"limit must be 1-{IChangeFeedGrain.MaxPage}");
    }

    /// <summary>
    /// Where <c>/api/changes/stream</c> starts: after the <c>Last-Event-ID</c> a reconnecting browser sends, else after
    /// <c>?from=</c> (a revision, <c>now</c> — the default — or <c>recent</c>).
    /// </summary>
    public static Parsed<StreamStart> Stream(string lastEventId, string from)
    {
        var position = lastEventId.Length > 0 ? lastEventId : from;
        if (position is "" or "now")
        {
            return Parsed<StreamStart>.Ok(new StreamStart(null, Recent: false));
        }

        if (position == "recent")
        {
            return Parsed<StreamStart>.Ok(new StreamStart(null, Recent: true));
        }

        return TryRevision(position, out var revision)
            ? Parsed<StreamStart>.Ok(new StreamStart(revision, Recent: false))
            : Parsed<StreamStart>.Error("from (or Last-Event-ID) must be a revision (0 or more), now or recent");
    }

    /// <summary>
    /// The page's route form. No required capability is allowed (spec §5, "possibly none": any eligible influencer).
    /// </summary>
    public static Parsed<RouteRequest> Route(RouteForm? form)
    {
        if (form is null)
        {
            return Parsed<RouteRequest>.Error("the body must be a JSON object such as {\"capabilities\": [\"video-gen:v2\"], \"cost\": \"low\", \"count\": 1}");
        }

        var texts = form.Capabilities ?? [];
        if (texts.Count > MaxRouteCapabilities)
        {
            return Parsed<RouteRequest>.Error($"capabilities: give at most {MaxRouteCapabilities} descriptors such as video-gen:v2");
        }

        var capabilities = new List<Capability>(texts.Count);
        foreach (var text in texts)
        {
            if (!Capability.TryParse(text, out var capability, out var error))
            {
                return Parsed<RouteRequest>.Error(error);
            }

            capabilities.Add(capability);
        }

        if (form.Cost is not ("low" or "high"))
        {
            return Parsed<RouteRequest>.Error("cost must be low or high");
        }

        if (form.Count is < 1 or > RouteRequest.MaxCount)
        {
            return Parsed<RouteRequest>.Error($"count must be 1-{RouteRequest.MaxCount}");
        }

        return Parsed<RouteRequest>.Ok(new RouteRequest(capabilities, form.Cost == "high" ? CostClass.High : CostClass.Low, form.Count));
    }

    /// <summary>A revision: ASCII digits only (no sign, space or separator), at most <see cref="long.MaxValue"/>.</summary>
    private static bool TryRevision(string text, out long revision) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out revision);

    private static bool TryCount(string text, int whenAbsent, int max, out int count)
    {
        if (text.Length == 0)
        {
            count = whenAbsent;
            return true;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out count) && count is >= 1 && count <= max;
    }
}
