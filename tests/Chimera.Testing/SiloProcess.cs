using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;

namespace Chimera.Testing;

/// <summary>
/// A real Chimera silo process (the built Chimera.Silo.dll) on free loopback ports. Ready once its gateway
/// accepts connections; <see cref="Kill"/> ends it with SIGKILL; disposal kills whatever is left.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private SiloProcess(Process process, int siloPort, int gatewayPort)
    {
        _process = process;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
    }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public string Gateway => $"127.0.0.1:{GatewayPort}";

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the silo printed so far (for failure messages).</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>Starts the silo; <paramref name="siloDll"/> runs a copy elsewhere (e.g. next to a test's own appsettings.json).</summary>
    public static async Task<SiloProcess> StartAsync(IDictionary<string, string>? environment = null, IEnumerable<string>? arguments = null, TimeSpan? readyWithin = null, string? siloDll = null)
    {
        var siloPort = LoopbackPorts.GetFree();
        var gatewayPort = LoopbackPorts.GetFree();
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
        foreach (var argument in arguments ?? [])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the silo");
        var silo = new SiloProcess(process, siloPort, gatewayPort);
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

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
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
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", GatewayPort);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        Kill();
        throw new TimeoutException($"The silo's gateway {Gateway} did not accept connections within {within.TotalSeconds:0} s:\n{Output}");
    }
}
