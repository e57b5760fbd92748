using Chimera.Core.Telemetry;
using Chimera.Silo.Hosting;
using Npgsql;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Diagnostics;

namespace Chimera.Silo.Telemetry;

/// <summary>
/// OpenTelemetry for the silo (spec §10): Chimera's meter, Orleans' and the .NET runtime's, exported as Prometheus
/// text at <c>/metrics</c> and, when configured, over OTLP; traces (Chimera's spans, Orleans' grain-call spans with
/// activity propagation, Npgsql and Redis commands) over OTLP only.
/// </summary>
public static class ChimeraTelemetryHostExtensions
{
    /// <summary>The Orleans runtime's meter (grain calls, messaging, membership, streams).</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    public static IHostApplicationBuilder AddChimeraTelemetry(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var environmentEndpoint = builder.Configuration[ChimeraTelemetryOptions.StandardEndpointVariable];
        var options = builder.BindValidated(ChimeraTelemetryOptions.Section, new ChimeraTelemetryOptionsValidator(environmentEndpoint));
        options.TryResolveEndpoint(environmentEndpoint, out var endpoint, out _);
        var profile = SiloProfile.From(builder.Configuration);
        var protocol = options.OtlpProtocol == "grpc" ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;

        builder.Services.AddHostedService<DeadLetterGaugeSampler>();
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName, serviceInstanceId: Environment.MachineName + ":" + Environment.ProcessId))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(ChimeraTelemetry.SourceName, OrleansMeter);
                metrics.AddRuntimeInstrumentation();
                metrics.AddPrometheusExporter();
                if (endpoint is not null)
                {
                    metrics.AddOtlpExporter((exporter, reader) =>
                    {
                        exporter.Protocol = protocol;
                        exporter.Endpoint = SignalEndpoint(endpoint, protocol, "v1/metrics");
                        reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)options.OtlpExportInterval.TotalMilliseconds;
                    });
                }
            });

        if (endpoint is not null)
        {
            telemetry.WithTracing(tracing =>
            {
                tracing.SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(options.TraceSampleRatio)));
                tracing.AddSource(ChimeraTelemetry.SourceName, ActivitySources.AllActivitySourceName);
                tracing.AddNpgsql();
                if (profile.RedisConnectionString is not null)
                {
                    // Instruments the IConnectionMultiplexer the Redis provider registers.
                    tracing.AddRedisInstrumentation();
                }

                tracing.AddOtlpExporter(exporter =>
                {
                    exporter.Protocol = protocol;
                    exporter.Endpoint = SignalEndpoint(endpoint, protocol, "v1/traces");
                });
            });

            // Grain calls carry the caller's trace context, so one event's spans form one trace across silos.
            builder.UseOrleans(silo => silo.AddActivityPropagation());
        }

        return builder;
    }

    // For http/protobuf an endpoint set in code is used as given, so the signal's path is added here; gRPC takes the base.
    private static Uri SignalEndpoint(Uri baseUri, OtlpExportProtocol protocol, string path) =>
        protocol == OtlpExportProtocol.Grpc ? baseUri : new Uri(baseUri.ToString().TrimEnd('/') + "/" + path);
}
