using System.Net;
using System.Net.Sockets;

namespace Chimera.Testing;

/// <summary>Free TCP ports on 127.0.0.1 for test servers.</summary>
public static class LoopbackPorts
{
    /// <summary>A port the OS just reported free (bind to 0, read, release).</summary>
    public static int GetFree()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
