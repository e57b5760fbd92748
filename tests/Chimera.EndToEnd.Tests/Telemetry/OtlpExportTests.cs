using Chimera.EndToEnd.Tests.Http;
using Chimera.Testing;

namespace Chimera.EndToEnd.Tests.Telemetry;

/// <summary>Chimera:Telemetry:OtlpEndpoint sends metrics and traces (spec §10) to an OTLP collector.</summary>
[Trait(TestCategories.Name, TestCategories.EndToEnd)]
public sealed class OtlpExportTests
{
    [Fact]
    public async Task Metrics_and_the_spans_of_a_change_with_its_trace_id_reach_the_collector()
    {
        using var collector = new OtlpCollector();
        await using var silo = await SiloProcess.StartAsync(arguments:
            [$"--Chimera:Telemetry:OtlpEndpoint={collector.Endpoint}", "--Chimera:Telemetry:OtlpExportInterval=00:00:01"]);

        var published = await SiloHttp.CliAsync(silo, "publish", "--influencer", "otlp-alpha", "--status", "busy", "--trace-id", "trace-otlp-4711");
        published.ExitCode.ShouldBe(0, published.ToString());

        await Eventually.TrueAsync(() => Task.FromResult(collector.Received("/v1/traces", "chimera.status.change") && collector.Received("/v1/traces", "trace-otlp-4711")),
            $"the change span with its trace id at /v1/traces (received so far: {collector.Describe()})", TimeSpan.FromSeconds(60));
        await Eventually.TrueAsync(() => Task.FromResult(collector.Received("/v1/metrics", "chimera.ingest.lag") && collector.Received("/v1/metrics", "dotnet.gc")),
            $"Chimera's and the runtime's metrics at /v1/metrics (received so far: {collector.Describe()})", TimeSpan.FromSeconds(60));

        // Orleans' grain-call spans travel too (activity propagation), under the same exporter.
        collector.Received("/v1/traces", "Microsoft.Orleans").ShouldBeTrue();
    }
}
