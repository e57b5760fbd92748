using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace Chimera.Contracts.Validation;

/// <summary>Parses and resolves <c>host:port</c> gateway addresses.</summary>
public static class GatewayEndpoint
{
    /// <summary>Parses <c>host:port</c> (IPv6 as <c>[addr]:port</c>) without resolving the host.</summary>
    public static bool TryParse(string? text, out (string Host, int Port) endpoint, [NotNullWhen(false)] out string? error)
    {
        endpoint = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "a gateway is empty; expected host:port, e.g. 127.0.0.1:30000";
            return false;
        }

        var colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
        {
            error = $"'{text}' is not host:port, e.g. 127.0.0.1:30000";
            return false;
        }

        var host = text[..colon].Trim('[', ']');
        if (!int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            error = $"the port in '{text}' must be 1-65535";
            return false;
        }

        if (host.Length == 0)
        {
            error = $"the host in '{text}' is empty";
            return false;
        }

        endpoint = (host, port);
        error = null;
        return true;
    }

    /// <summary>Resolves <c>host:port</c> to an IP endpoint (IPv4 preferred).</summary>
    public static IPEndPoint Resolve(string text)
    {
        if (!TryParse(text, out var endpoint, out var error))
        {
            throw new FormatException(error);
        }

        if (IPAddress.TryParse(endpoint.Host, out var address))
        {
            return new IPEndPoint(address, endpoint.Port);
        }

        var addresses = Dns.GetHostAddresses(endpoint.Host);
        var chosen = addresses.FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork) ?? addresses.FirstOrDefault()
            ?? throw new FormatException($"gateway host '{endpoint.Host}' did not resolve to an address");
        return new IPEndPoint(chosen, endpoint.Port);
    }
}
