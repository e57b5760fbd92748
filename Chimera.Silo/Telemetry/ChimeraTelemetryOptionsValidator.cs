using Chimera.Contracts.Validation;

namespace Chimera.Silo.Telemetry;

/// <summary>
/// Validation of <see cref="ChimeraTelemetryOptions"/>, read while the silo is composed; every message names the setting.
/// The endpoint is checked as the exporter will use it: <c>Chimera:Telemetry:OtlpEndpoint</c>, else the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> of the same configuration.
/// </summary>
internal sealed class ChimeraTelemetryOptionsValidator(string? environmentEndpoint) : SettingsValidator<ChimeraTelemetryOptions>
{
    private const string Prefix = ChimeraTelemetryOptions.Section + ":";

    protected override void Check(ChimeraTelemetryOptions options, List<string> errors)
    {
        if (!options.TryResolveEndpoint(environmentEndpoint, out _, out var error))
        {
            errors.Add(error);
        }

        if (options.OtlpProtocol is not ("http/protobuf" or "grpc"))
        {
            errors.Add($"{Prefix}OtlpProtocol is '{TextRules.Quote(options.OtlpProtocol ?? "")}'; use http/protobuf or grpc.");
        }

        if (options.OtlpExportInterval < TimeSpan.FromMilliseconds(100) || options.OtlpExportInterval > TimeSpan.FromDays(1))
        {
            errors.Add($"{Prefix}OtlpExportInterval ({options.OtlpExportInterval}) must be between 100 ms and 1 day.");
        }

        if (!double.IsFinite(options.TraceSampleRatio) || options.TraceSampleRatio is < 0 or > 1)
        {
            errors.Add($"{Prefix}TraceSampleRatio ({options.TraceSampleRatio}) must be 0-1.");
        }

        if (string.IsNullOrWhiteSpace(options.ServiceName))
        {
            errors.Add($"{Prefix}ServiceName must not be empty.");
        }
    }
}
