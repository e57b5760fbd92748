using System.Diagnostics;
using Chimera.Testing;

namespace Chimera.Bench.Infrastructure;

/// <summary>
/// The etcd peer: Debian's etcd-server (installed by scripts/bench.sh) on free loopback client and peer ports, a
/// single-member cluster in a temporary data directory with etcd's default durability (the WAL is fsynced before a
/// write is acknowledged). Disposing kills it and deletes the directory.
/// </summary>
internal sealed class EtcdServer : IAsyncDisposable
{
    public const string ServerPath = "/usr/bin/etcd";

    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly string _directory;

    private EtcdServer(Process process, string directory, int port, string version)
    {
        _process = process;
        _directory = directory;
        Port = port;
        Version = version;
    }

    public int Port { get; }

    public string Version { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    public Process Process => _process;

    public static async Task<EtcdServer> StartAsync()
    {
        if (!File.Exists(ServerPath))
        {
            throw new InvalidOperationException($"{ServerPath} is missing: scripts/bench.sh installs it (apt-get install -y etcd-server).");
        }

        var directory = Directory.CreateTempSubdirectory("chimera-etcd-").FullName;
        var (client, peer) = (LoopbackPorts.GetFree(), LoopbackPorts.GetFree());
        var info = new ProcessStartInfo(ServerPath) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
                 {
                     "--name", "bench", "--data-dir", Path.Combine(directory, "data"),
                     "--listen-client-urls", $"http://127.0.0.1:{client}", "--advertise-client-urls", $"http://127.0.0.1:{client}",
                     "--listen-peer-urls", $"http://127.0.0.1:{peer}", "--initial-advertise-peer-urls", $"http://127.0.0.1:{peer}",
                     "--initial-cluster", $"bench=http://127.0.0.1:{peer}", "--log-level", "error",
                 })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start etcd");
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"etcd exited with code {process.ExitCode}: {output}");
            }

            try
            {
                var health = await http.GetStringAsync($"http://127.0.0.1:{client}/health");
                if (health.Contains("\"true\"", StringComparison.Ordinal))
                {
                    var version = await http.GetStringAsync($"http://127.0.0.1:{client}/version");
                    return new EtcdServer(process, directory, client, version.Trim());
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // not up yet
            }

            if (deadline.Elapsed > StartDeadline)
            {
                process.Kill();
                throw new TimeoutException($"etcd did not report healthy within {StartDeadline.TotalSeconds} s: {output}");
            }

            await Task.Delay(100);
        }
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit();
            }
        }
        finally
        {
            _process.Dispose();
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by the dying process: the temp directory is reclaimed by the OS.
            }
        }

        return ValueTask.CompletedTask;
    }
}
