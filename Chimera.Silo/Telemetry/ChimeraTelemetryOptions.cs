using System.Diagnostics.CodeAnalysis;
using Chimera.Contracts.Validation;

namespace Chimera.Silo.Telemetry;

/// <summary>
/// Where telemetry goes besides <c>/metrics</c>. Bound from <c>Chimera:Telemetry</c>. With no OTLP endpoint the silo
/// records no traces at all (a span per change and per grain call is work nobody would read).
/// </summary>
public sealed class ChimeraTelemetryOptions
{
    public const string Section = "Chimera:Telemetry";

    /// <summary>
    /// OTLP collector base URL, e.g. <c>http://127.0.0.1:4318</c> (http/protobuf: metrics to <c>/v1/metrics</c>,
    /// traces to <c>/v1/traces</c>) or <c>http://127.0.0.1:4317</c> with <see cref="OtlpProtocol"/> grpc. Empty: the
    /// standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> if set, otherwise no OTLP export.
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>http/protobuf</c> (default) or <c>grpc</c>.</summary>
    public string OtlpProtocol { get; set; } = "http/protobuf";

    /// <summary>How often metrics are pushed to the OTLP endpoint. Default 15 s.</summary>
    public TimeSpan OtlpExportInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Fraction of traces kept (parent-based, so one event's spans are kept or dropped together). Default 1.</summary>
    public double TraceSampleRatio { get; set; } = 1.0;

    /// <summary>The OpenTelemetry service.name. Default <c>chimera-silo</c>.</summary>
    public string ServiceName { get; set; } = "chimera-silo";

    /// <summary>The standard variable read when <see cref="OtlpEndpoint"/> is empty.</summary>
    public const string StandardEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// The collector to export to: <see cref="OtlpEndpoint"/>, else <paramref name="environmentEndpoint"/> (the value of
    /// <see cref="StandardEndpointVariable"/>), else null. False, with <paramref name="error"/> naming where the text came
    /// from, when the one in use is not an http(s) URL.
    /// </summary>
    public bool TryResolveEndpoint(string? environmentEndpoint, out Uri? endpoint, [NotNullWhen(false)] out string? error)
    {
        var configured = !string.IsNullOrWhiteSpace(OtlpEndpoint);
        var text = configured ? OtlpEndpoint : environmentEndpoint;
        endpoint = null;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (Uri.TryCreate(text.TrimEnd('/'), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            endpoint = uri;
            return true;
        }

        error = $"{(configured ? Section + ":OtlpEndpoint" : StandardEndpointVariable)} '{TextRules.Quote(text)}' is not an http(s) URL.";
        return false;
    }
}
