using System.Globalization;
using System.Net;
using System.Text.Json;
using Chimera.Contracts.Model;
using Chimera.Contracts.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chimera.Adapters.Sidecar;

/// <summary>
/// Sidecar mode for a worker that runs as its own process: a loopback-only HTTP endpoint in front of a
/// <see cref="StatusAdapter"/>. Workers never touch the network beyond their host (spec §7, Rule 3), so the
/// listener binds only to a loopback address and refuses any request whose peer is not loopback.
/// <list type="bullet">
/// <item><c>POST /status</c> with the worker's JSON (see <see cref="WorkerReportJson"/>): 200 published or
/// unchanged, 202 buffered (transport down), 400 with <c>{"violations":[…]}</c>, 503 once stopped.</item>
/// <item><c>GET /health</c>: 200 with the adapter's counters.</item>
/// </list>
/// Why <see cref="HttpListener"/> and not Kestrel minimal APIs: this library runs inside the worker's process or
/// the <c>chimera adapter</c> tool, beside an agent. Kestrel needs the ASP.NET Core shared framework
/// (<c>FrameworkReference Microsoft.AspNetCore.App</c>), which every host of <c>Chimera.Adapters</c> would then have
/// to carry, for two routes on a loopback port that need no TLS, HTTP/2, middleware or routing. HttpListener is in
/// the base framework (a managed implementation on Linux). What Kestrel would add (request limits, hardening) the
/// listener does here: loopback bind and peer check, and a body read bounded by <c>StatusLimits.MaxEventBytes</c>.
/// </summary>
public sealed class StatusSidecar : IAsyncDisposable
{
    private readonly StatusAdapter _adapter;
    private readonly ILogger _logger;
    private readonly HttpListener _listener = new();
    private Task? _loop;

    public StatusSidecar(StatusAdapter adapter, IPEndPoint listen, ILogger<StatusSidecar>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        ArgumentNullException.ThrowIfNull(listen);
        if (!IPAddress.IsLoopback(listen.Address))
        {
            throw new ArgumentException($"The sidecar listens on loopback only; {listen} is not a loopback address (use 127.0.0.1 or [::1]).", nameof(listen));
        }

        if (listen.Port is < 1 or > 65535)
        {
            throw new ArgumentException($"The sidecar port {listen.Port} must be 1-65535.", nameof(listen));
        }

        _adapter = adapter;
        _logger = logger ?? NullLogger<StatusSidecar>.Instance;
        var host = listen.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{listen.Address}]" : listen.Address.ToString();
        Prefix = new Uri($"http://{host}:{listen.Port.ToString(CultureInfo.InvariantCulture)}/");
        _listener.Prefixes.Add(Prefix.ToString());
    }

    /// <summary>The base address, e.g. <c>http://127.0.0.1:7300/</c>.</summary>
    public Uri Prefix { get; }

    /// <summary>Parses <c>host:port</c> and requires a loopback host (a name other than <c>localhost</c> is refused).</summary>
    public static IPEndPoint ParseListen(string text)
    {
        if (!GatewayEndpoint.TryParse(text, out var endpoint, out var error))
        {
            throw new FormatException(error);
        }

        var address = endpoint.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            ? IPAddress.Loopback
            : IPAddress.TryParse(endpoint.Host, out var parsed) ? parsed : throw new FormatException($"'{endpoint.Host}' is not an IP address; the sidecar listens on 127.0.0.1 or [::1] only");
        if (!IPAddress.IsLoopback(address))
        {
            throw new FormatException($"{address} is not a loopback address; the sidecar listens on 127.0.0.1 or [::1] only");
        }

        return new IPEndPoint(address, endpoint.Port);
    }

    public void Start()
    {
        _listener.Start();
        _loop = AcceptLoopAsync();
        SidecarLog.Listening(_logger, _adapter.InfluencerId, Prefix.ToString());
    }

    /// <summary>Stops listening; the adapter is stopped by its owner (it emits offline).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_listener.IsListening)
        {
            _listener.Stop();
        }

        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        _listener.Close();
    }

    private async Task AcceptLoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            // One worker per sidecar: requests are few, and serialising them keeps its reports in order.
            await HandleAsync(context).ConfigureAwait(false);
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            var request = context.Request;
            if (request.RemoteEndPoint is null || !IPAddress.IsLoopback(request.RemoteEndPoint.Address))
            {
                SidecarLog.RefusedRemote(_logger, request.RemoteEndPoint);
                await WriteAsync(response, HttpStatusCode.Forbidden, new { error = "the sidecar accepts loopback clients only" }).ConfigureAwait(false);
                return;
            }

            var path = request.Url?.AbsolutePath.TrimEnd('/') ?? "";
            switch (path, request.HttpMethod)
            {
                case ("/health", "GET"):
                    await WriteAsync(response, HttpStatusCode.OK, Health()).ConfigureAwait(false);
                    break;
                case ("/status", "POST"):
                    await HandleStatusAsync(request, response).ConfigureAwait(false);
                    break;
                case ("/health", _) or ("/status", _):
                    await WriteAsync(response, HttpStatusCode.MethodNotAllowed, new { error = $"{request.HttpMethod} is not allowed on {path}" }).ConfigureAwait(false);
                    break;
                default:
                    await WriteAsync(response, HttpStatusCode.NotFound, new { error = "use POST /status or GET /health" }).ConfigureAwait(false);
                    break;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            SidecarLog.RequestFailed(_logger, ex);
            try
            {
                await WriteAsync(response, HttpStatusCode.InternalServerError, new { error = ex.Message }).ConfigureAwait(false);
            }
            catch (Exception inner) when (inner is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                // The client went away; nothing more to tell it.
            }
        }
    }

    private async Task HandleStatusAsync(HttpListenerRequest request, HttpListenerResponse response)
    {
        var body = await ReadBodyAsync(request).ConfigureAwait(false);
        if (body is null)
        {
            await WriteViolationsAsync(response, [new Violation("$", RejectCodes.Oversized, $"body is larger than {StatusLimits.MaxEventBytes} bytes")]).ConfigureAwait(false);
            return;
        }

        if (!WorkerReportJson.TryParse(body, out var report, out var violations))
        {
            await WriteViolationsAsync(response, violations).ConfigureAwait(false);
            return;
        }

        ReportOutcome outcome;
        try
        {
            outcome = await _adapter.ReportAsync(report!).ConfigureAwait(false);
        }
        catch (StatusRejectedException ex)
        {
            await WriteViolationsAsync(response, ex.Violations).ConfigureAwait(false);
            return;
        }
        catch (ObjectDisposedException)
        {
            await WriteAsync(response, HttpStatusCode.ServiceUnavailable, new { error = "the adapter is stopping" }).ConfigureAwait(false);
            return;
        }

        var code = outcome == ReportOutcome.Buffered ? HttpStatusCode.Accepted : HttpStatusCode.OK;
        await WriteAsync(response, code, new { outcome = outcome.ToString().ToLowerInvariant(), status = report!.Status.ToWire() }).ConfigureAwait(false);
    }

    private object Health() => new
    {
        status = "ok",
        influencer_id = _adapter.InfluencerId,
        reported_status = _adapter.Current?.Status.ToWire(),
        heartbeat_interval_seconds = _adapter.HeartbeatInterval.TotalSeconds,
        buffered = _adapter.Buffered,
        published = _adapter.Published,
        dropped_changes = _adapter.DroppedChanges,
        dropped_heartbeats = _adapter.DroppedHeartbeats,
        rejected = _adapter.Rejected,
        publish_failures = _adapter.PublishFailures,
    };

    private static async Task<byte[]?> ReadBodyAsync(HttpListenerRequest request)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.InputStream.ReadAsync(chunk).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > StatusLimits.MaxEventBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private async Task WriteViolationsAsync(HttpListenerResponse response, IReadOnlyList<Violation> violations)
    {
        SidecarLog.ReportRejected(_logger, string.Join("; ", violations));
        var body = new
        {
            violations = violations.Select(v => new { path = v.Path, code = v.Code, message = v.Message }).ToArray(),
        };
        await WriteAsync(response, HttpStatusCode.BadRequest, body).ConfigureAwait(false);
    }

    private static async Task WriteAsync(HttpListenerResponse response, HttpStatusCode code, object body)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body);
        response.StatusCode = (int)code;
        response.ContentType = "application/json";
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
        response.Close();
    }
}
