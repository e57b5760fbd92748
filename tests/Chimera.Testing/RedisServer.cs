using System.Diagnostics;
using System.Net.Sockets;
using StackExchange.Redis;

namespace Chimera.Testing;

/// <summary>
/// A real redis-server on a free loopback port, in its own temporary directory, with an fsync-always AOF (unless
/// started with <see cref="RedisAppendFsync.EverySecond"/>) so
/// <see cref="RestartAsync"/> keeps every acknowledged write (streams, groups, pending lists). Use as an
/// xunit fixture; disposing kills the server and deletes the directory.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    /// <summary>Names the redis-server binary to run, e.g. <c>CHIMERA_REDIS_SERVER=$(command -v redis-server)</c>.</summary>
    public const string ServerPathVariable = "CHIMERA_REDIS_SERVER";

    /// <summary>Where Debian's redis-server package puts the binary: the default.</summary>
    public const string DefaultServerPath = "/usr/bin/redis-server";

    /// <summary>The binary: <see cref="ServerPathVariable"/> when set, else <see cref="DefaultServerPath"/>.</summary>
    public static string ServerPath { get; } = ServerPathFrom(Environment.GetEnvironmentVariable(ServerPathVariable));

    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(20);

    private readonly string _directory;
    private readonly RedisAppendFsync _appendFsync;
    private Process? _process;

    private RedisServer(int port, string directory, RedisAppendFsync appendFsync)
    {
        Port = port;
        _directory = directory;
        _appendFsync = appendFsync;
    }

    public int Port { get; }

    /// <summary>A connection string for StackExchange.Redis that tolerates the server being restarted.</summary>
    public string ConnectionString => $"127.0.0.1:{Port},abortConnect=false,connectTimeout=2000,syncTimeout=5000";

    /// <summary>The binary named by a value of <see cref="ServerPathVariable"/>; blank means the default.</summary>
    public static string ServerPathFrom(string? value) => string.IsNullOrWhiteSpace(value) ? DefaultServerPath : value.Trim();

    /// <summary>Starts a server with <c>appendfsync always</c> (what the durability tests rely on).</summary>
    public static Task<RedisServer> StartAsync() => StartAsync(RedisAppendFsync.Always);

    /// <summary>Starts a server whose AOF is fsynced as <paramref name="appendFsync"/> says.</summary>
    public static async Task<RedisServer> StartAsync(RedisAppendFsync appendFsync)
    {
        if (!File.Exists(ServerPath))
        {
            throw new InvalidOperationException($"{ServerPath} is missing: install it with 'apt-get install -y redis-server' or set {ServerPathVariable}. Redis tests never skip.");
        }

        var directory = Directory.CreateTempSubdirectory("chimera-redis-").FullName;
        var server = new RedisServer(LoopbackPorts.GetFree(), directory, appendFsync);
        await server.LaunchAsync().ConfigureAwait(false);
        return server;
    }

    /// <summary>Kills the server (no graceful save: the AOF is what survives) and starts it again on the same port.</summary>
    public async Task RestartAsync()
    {
        Kill();
        await LaunchAsync().ConfigureAwait(false);
    }

    /// <summary>Kills the server; <see cref="RestartAsync"/> brings it back.</summary>
    public void Stop() => Kill();

    public async Task StartAgainAsync() => await LaunchAsync().ConfigureAwait(false);

    public ValueTask DisposeAsync()
    {
        Kill();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a dying process; the temp directory is reclaimed by the OS.
        }

        return ValueTask.CompletedTask;
    }

    private async Task LaunchAsync()
    {
        var info = new ProcessStartInfo(ServerPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", _directory, "--appendonly", "yes", "--appendfsync", _appendFsync == RedisAppendFsync.EverySecond ? "everysec" : "always", "--save", "", "--protected-mode", "no" })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {ServerPath}");
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        // Waiting for an external process is unavoidable: poll PING with a bounded deadline.
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with code {process.ExitCode} on port {Port}: {output}");
            }

            if (await PingAsync().ConfigureAwait(false))
            {
                return;
            }

            if (deadline.Elapsed > StartDeadline)
            {
                Kill();
                throw new TimeoutException($"redis-server did not answer PING on port {Port} within {StartDeadline.TotalSeconds} s: {output}");
            }

            await Task.Delay(25).ConfigureAwait(false);
        }
    }

    private async Task<bool> PingAsync()
    {
        try
        {
            await using var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{Port},abortConnect=true,connectTimeout=500").ConfigureAwait(false);
            await connection.GetDatabase().PingAsync().ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is RedisException or SocketException or TimeoutException)
        {
            return false;
        }
    }

    private void Kill()
    {
        var process = _process;
        _process = null;
        if (process is null)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill();
                process.WaitForExit();
            }
        }
        finally
        {
            process.Dispose();
        }
    }
}
