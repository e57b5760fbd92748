using System.Text;
using Chimera.Contracts.Wire;
using Chimera.Contracts.Grains;

namespace Chimera.Silo.Http;

/// <summary>
/// <c>GET /api/changes/stream?from=now|recent|R</c>: the change stream as server-sent events, one <c>change</c> event per
/// audited change with the revision as its event id. A browser's EventSource reconnects by itself and sends the last
/// id in <c>Last-Event-ID</c>; the stream resumes after it, so the page misses nothing across a reconnect. If the
/// embedded log dropped revisions the page missed, a <c>gap</c> event names them before the stream goes on.
/// </summary>
internal static class ChangeStreamEndpoint
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    /// <summary><c>from=recent</c>: start this many revisions before the head, so a page opens with some history.</summary>
    internal const long RecentBacklog = 30;

    public static async Task StreamAsync(HttpContext http, IGrainFactory grains)
    {
        var parsed = PageQueries.Stream(http.Request.Headers["Last-Event-ID"].ToString(), http.Request.Query["from"].ToString());
        if (parsed.Value is not { } start)
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            await http.Response.WriteAsync(parsed.Problem!, http.RequestAborted);
            return;
        }

        var feed = grains.GetGrain<IChangeFeedGrain>(0);
        var ct = http.RequestAborted;
        var after = start.After ?? await feed.GetHeadAsync();
        if (start.Recent)
        {
            after = Math.Max(0, after - RecentBacklog);
        }

        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";

        // The position first, so the page can show where it joined the stream.
        await WriteAsync(http, $"event: position\ndata: {after}\n\n", ct);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                ChangePage page;
                try
                {
                    page = await feed.ReadAsync(after, ChangeFilter.All, 200, Wait);
                }
                catch (ChangesDroppedException ex)
                {
                    // A page that reconnects after the embedded log dropped what it missed: tell it, then go on from the
                    // oldest row still held (the page shows the gap; it never looks like a continuous stream).
                    await WriteAsync(http, $"event: gap\ndata: {ex.AfterRevision + 1}-{ex.OldestRetained - 1}\n\n", ct);
                    after = ex.OldestRetained - 1;
                    continue;
                }

                var text = new StringBuilder();
                foreach (var change in page.Changes)
                {
                    text.Append("id: ").Append(change.Revision).Append("\nevent: change\ndata: ")
                        .Append(ChimeraJson.Serialize(change)).Append("\n\n");
                }

                // A comment when idle: proxies keep the connection open, and a vanished client is noticed.
                await WriteAsync(http, text.Length > 0 ? text.ToString() : ": idle\n\n", ct);
                after = Math.Max(after, page.Through);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The browser went away.
        }
    }

    private static async Task WriteAsync(HttpContext http, string text, CancellationToken ct)
    {
        await http.Response.WriteAsync(text, ct);
        await http.Response.Body.FlushAsync(ct);
    }
}
