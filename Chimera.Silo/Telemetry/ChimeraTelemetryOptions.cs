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

    public Uri? ResolveEndpoint(string? environmentEndpoint)
    {
        var text = string.IsNullOrWhiteSpace(OtlpEndpoint) ? environmentEndpoint : OtlpEndpoint;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return Uri.TryCreate(text.TrimEnd('/'), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new InvalidOperationException($"Chimera:Telemetry:OtlpEndpoint '{text}' is not an http(s) URL.");
    }

    public void Validate()
    {
        if (OtlpProtocol is not ("http/protobuf" or "grpc"))
        {
            throw new InvalidOperationException($"Chimera:Telemetry:OtlpProtocol is '{OtlpProtocol}'; use http/protobuf or grpc.");
        }

        if (OtlpExportInterval < TimeSpan.FromMilliseconds(100))
        {
            throw new InvalidOperationException($"Chimera:Telemetry:OtlpExportInterval ({OtlpExportInterval}) must be at least 100 ms.");
        }

        if (!double.IsFinite(TraceSampleRatio) || TraceSampleRatio is < 0 or > 1)
        {
            throw new InvalidOperationException($"Chimera:Telemetry:TraceSampleRatio ({TraceSampleRatio}) must be 0-1.");
        }

        if (string.IsNullOrWhiteSpace(ServiceName))
        {
            throw new InvalidOperationException("Chimera:Telemetry:ServiceName must not be empty.");
        }
    }
}
