using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text.RegularExpressions;
using Chimera.Contracts.Validation;
using Microsoft.Extensions.Options;

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

    /// <summary>The parsed endpoints; throws <see cref="OptionsValidationException"/> naming the setting.</summary>
    public IReadOnlyList<HttpEndpoint> Endpoints() =>
        TryGetEndpoints(out var endpoints, out var error)
            ? endpoints
            : throw new OptionsValidationException(Options.DefaultName, typeof(ChimeraHttpOptions), [error]);

    /// <summary>Parses <see cref="Urls"/>; on failure <paramref name="error"/> names the setting and the URL.</summary>
    public bool TryGetEndpoints(out IReadOnlyList<HttpEndpoint> endpoints, [NotNullWhen(false)] out string? error)
    {
        var result = new List<HttpEndpoint>();
        endpoints = result;
        foreach (var text in (Urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp
                || uri.AbsolutePath != "/" || uri.Query.Length > 0 || !string.IsNullOrEmpty(uri.UserInfo) || !ExplicitPort().IsMatch(text))
            {
                error = $"{Section}:Urls: '{TextRules.Quote(text)}' is not an http://address:port URL (https is not served; put a TLS proxy in front).";
                return false;
            }

            var host = uri.Host.Trim('[', ']');
            IPAddress? address;
            if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
            {
                address = null;
            }
            else if (!IPAddress.TryParse(host, out address))
            {
                error = $"{Section}:Urls: '{TextRules.Quote(text)}' names host '{TextRules.Quote(uri.Host)}'; use an IP address, localhost, 0.0.0.0 or [::].";
                return false;
            }

            result.Add(new HttpEndpoint(address, uri.Port));
        }

        error = result.Count == 0 ? $"{Section}:Urls is empty; set at least one http://address:port URL." : null;
        return error is null;
    }

    [GeneratedRegex(@":[0-9]{1,5}/?$")]
    private static partial Regex ExplicitPort();
}
