using System.Net;
using System.Text.RegularExpressions;

namespace Chimera.Silo.Http;

/// <summary>
/// The silo's HTTP port (spec §10): health, metrics, the registry page and the Orleans Dashboard.
/// Bound from <c>Chimera:Http</c>.
/// </summary>
public sealed partial class ChimeraHttpOptions
{
    public const string Section = "Chimera:Http";

    /// <summary>The default: loopback only, so a development silo exposes nothing to the network.</summary>
    public const string DefaultUrls = "http://127.0.0.1:8080";

    /// <summary>
    /// Where the silo listens, <c>;</c>-separated <c>http://address:port</c> URLs (address: an IP literal,
    /// <c>localhost</c>, <c>0.0.0.0</c> or <c>[::]</c> for every interface). Default <see cref="DefaultUrls"/>.
    /// </summary>
    public string Urls { get; set; } = DefaultUrls;

    /// <summary>
    /// Serves the Orleans Dashboard at <c>/dashboard</c>. Unset: on in the embedded profile, off elsewhere
    /// (the dashboard shows every grain type and method of the cluster: an operator turns it on knowingly).
    /// </summary>
    public bool? Dashboard { get; set; }

    /// <summary>How long a receiver may go without a successful read before <c>/health/ready</c> calls it stalled. Default 30 s.</summary>
    public TimeSpan ReceiverStallAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The parsed endpoints; throws <see cref="InvalidOperationException"/> naming the setting.</summary>
    public IReadOnlyList<HttpEndpoint> Endpoints()
    {
        var result = new List<HttpEndpoint>();
        foreach (var text in (Urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp
                || uri.AbsolutePath != "/" || uri.Query.Length > 0 || !string.IsNullOrEmpty(uri.UserInfo) || !ExplicitPort().IsMatch(text))
            {
                throw new InvalidOperationException($"Chimera:Http:Urls: '{text}' is not an http://address:port URL (https is not served; put a TLS proxy in front).");
            }

            var host = uri.Host.Trim('[', ']');
            IPAddress? address;
            if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
            {
                address = null;
            }
            else if (!IPAddress.TryParse(host, out address))
            {
                throw new InvalidOperationException($"Chimera:Http:Urls: '{text}' names host '{uri.Host}'; use an IP address, localhost, 0.0.0.0 or [::].");
            }

            result.Add(new HttpEndpoint(address, uri.Port));
        }

        if (result.Count == 0)
        {
            throw new InvalidOperationException("Chimera:Http:Urls is empty; set at least one http://address:port URL.");
        }

        return result;
    }

    public void Validate()
    {
        _ = Endpoints();
        if (ReceiverStallAfter <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"Chimera:Http:ReceiverStallAfter ({ReceiverStallAfter}) must be positive.");
        }
    }

    [GeneratedRegex(@":[0-9]{1,5}/?$")]
    private static partial Regex ExplicitPort();
}
