using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Chimera.Testing;

/// <summary>
/// The one free-port helper of the test suite: TCP ports on 127.0.0.1 for test servers (redis-server, PostgreSQL,
/// silos, the sidecar, OTLP collectors).
/// <para>
/// Handing the bound socket to the server is not possible here: the servers are child processes or libraries that
/// bind for themselves (HttpListener, Orleans). "Bind to 0, read, release" leaves the port to whoever binds next, and
/// on a box running four test assemblies at once that is a real race. So a port is
/// <list type="bullet">
/// <item>taken from below the kernel's ephemeral range (read from <c>ip_local_port_range</c>), where no outgoing
/// connection and no bind-to-0 of any process can land on it;</item>
/// <item>claimed for this process's lifetime by an exclusive lock file that every test process honours (the kernel
/// drops the lock when the process dies, so a crashed run leaves nothing claimed);</item>
/// <item>held bound until the claim is made, so a port some other program already listens on is never returned;</item>
/// <item>never returned twice in one process, so a server restarted on its port (Redis) keeps it.</item>
/// </list>
/// </para>
/// </summary>
public static class LoopbackPorts
{
    private const int LowestPort = 20_000;
    private static readonly ConcurrentDictionary<int, FileStream> Claims = new();
    private static readonly string LockDirectory = Path.Combine(Path.GetTempPath(), "chimera-test-ports");

    /// <summary>A port nobody listens on, claimed for this test process until it exits.</summary>
    public static int GetFree()
    {
        Directory.CreateDirectory(LockDirectory);
        var highest = EphemeralRangeStart() - 1;
        var span = highest - LowestPort + 1;
        var start = Random.Shared.Next(span);
        for (var i = 0; i < span; i++)
        {
            var port = LowestPort + ((start + i) % span);
            if (Claims.ContainsKey(port))
            {
                continue;
            }

            using var probe = TryBind(port);
            if (probe is null)
            {
                continue; // something listens there already
            }

            var claim = TryClaim(port);
            if (claim is null)
            {
                continue; // another test process has it
            }

            if (!Claims.TryAdd(port, claim))
            {
                claim.Dispose();
                continue;
            }

            return port; // the probe is released here, after the claim: no test process can take the port now
        }

        throw new InvalidOperationException($"no free loopback port in {LowestPort}-{highest}; lock files are in {LockDirectory}");
    }

    private static TcpListener? TryBind(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        try
        {
            listener.Start();
            return listener;
        }
        catch (SocketException)
        {
            listener.Dispose();
            return null;
        }
    }

    private static FileStream? TryClaim(int port)
    {
        try
        {
            // FileShare.None is an exclusive advisory lock (flock) on Unix, released by the kernel when the process exits.
            return new FileStream(Path.Combine(LockDirectory, port.ToString(CultureInfo.InvariantCulture)), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null; // a lock file another user's run left behind: that port is not ours to use
        }
    }

    // Linux: "32768\t60999". Elsewhere (or unreadable), assume the common Linux default.
    private static int EphemeralRangeStart()
    {
        try
        {
            var text = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            var low = int.Parse(text[0], CultureInfo.InvariantCulture);
            return low > LowestPort + 1000 ? low : 32_768;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 32_768;
        }
    }
}
