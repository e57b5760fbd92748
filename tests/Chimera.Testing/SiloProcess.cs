using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;

namespace Chimera.Testing;

/// <summary>
/// A real Chimera silo process (the built Chimera.Silo.dll) on free loopback ports. Ready once its gateway
/// and its HTTP port accept connections and <c>/health/ready</c> answers 200; <see cref="Kill"/> ends it with SIGKILL; disposal kills whatever is left.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private SiloProcess(Process process, int siloPort, int gatewayPort, int httpPort)
    {
        _process = process;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        HttpPort = httpPort;
    }

    /// <summary>
    /// How long a silo process may take to start and join a cluster: a dotnet process start plus Orleans start-up and
    /// membership, which took over a minute at a load average of 40 on the shared two-core box.
    /// </summary>
    public static readonly TimeSpan JoinDeadline = TimeSpan.FromMinutes(3);

    /// <summary>The silo-to-silo port: the port of this silo's <c>SiloAddress</c>.</summary>
    public int SiloPort { get; }

    public int GatewayPort { get; }

    /// <summary>The silo's HTTP port (health, metrics, the page): a free one, never the default 8080.</summary>
    public int HttpPort { get; }

    public string Gateway => $"127.0.0.1:{GatewayPort}";

    public Uri HttpBase => new($"http://127.0.0.1:{HttpPort}/");

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the silo printed so far (for failure messages).</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>
    /// Starts the silo; <paramref name="siloDll"/> runs a copy elsewhere (e.g. next to a test's own appsettings.json);
    /// pass <paramref name="ports"/> (silo, gateway, http) to restart one on the ports of an earlier process (a client
    /// configured with that gateway then reconnects to it).
    /// </summary>
    public static async Task<SiloProcess> StartAsync(IDictionary<string, string>? environment = null, IEnumerable<string>? arguments = null, TimeSpan? readyWithin = null, (int Silo, int Gateway, int Http)? ports = null, string? siloDll = null)
    {
        var siloPort = ports?.Silo ?? LoopbackPorts.GetFree();
        var gatewayPort = ports?.Gateway ?? LoopbackPorts.GetFree();
        var httpPort = ports?.Http ?? LoopbackPorts.GetFree();
        var dll = siloDll ?? RepositoryLayout.SiloDll;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add($"--Chimera:SiloPort={siloPort}");
        start.ArgumentList.Add($"--Chimera:GatewayPort={gatewayPort}");
        start.ArgumentList.Add($"--Chimera:Http:Urls=http://127.0.0.1:{httpPort}");
        foreach (var argument in arguments ?? [])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the silo");
        var silo = new SiloProcess(process, siloPort, gatewayPort, httpPort);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { silo._output.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { silo._output.Enqueue(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await silo.WaitUntilGatewayAcceptsAsync(readyWithin ?? TimeSpan.FromSeconds(90));
        return silo;
    }

    /// <summary>SIGKILL: no graceful shutdown, exactly like a crashed host.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    /// <summary>SIGTERM: the graceful stop a service manager sends; waits for the process to exit.</summary>
    public async Task StopAsync(TimeSpan within)
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var deadline = new CancellationTokenSource(within);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"The silo did not stop within {within.TotalSeconds:0} s of SIGTERM:\n{Output}");
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<bool> IsReadyAsync()
    {
        using var client = new System.Net.Http.HttpClient { BaseAddress = HttpBase, Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            using var response = await client.GetAsync("/health/ready");
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is System.Net.Http.HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private async Task WaitUntilGatewayAcceptsAsync(TimeSpan within)
    {
        var until = DateTime.UtcNow + within;
        while (DateTime.UtcNow < until)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The silo exited with code {_process.ExitCode} before it was ready:\n{Output}");
            }

            try
            {
                // Ready when both the gateway and the HTTP port accept: Kestrel starts after the silo's gateway opens.
                using (var gateway = new TcpClient())
                {
                    await gateway.ConnectAsync("127.0.0.1", GatewayPort);
                }

                using (var http = new TcpClient())
                {
                    await http.ConnectAsync("127.0.0.1", HttpPort);
                }

                // And ready in the silo's own words (joined the cluster, schema current, Redis reachable, receivers
                // reading): on a loaded machine the gateway can accept well before a client can use it.
                if (await IsReadyAsync())
                {
                    return;
                }

                await Task.Delay(100);
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        Kill();
        throw new TimeoutException($"The silo's gateway {Gateway} or HTTP port {HttpPort} did not accept connections (or /health/ready did not answer 200) within {within.TotalSeconds:0} s:\n{Output}");
    }
}
