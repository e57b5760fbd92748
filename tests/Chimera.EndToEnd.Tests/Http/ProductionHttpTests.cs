using System.Net;
using Chimera.Contracts.Spec;
using Chimera.EndToEnd.Tests.Telemetry;
using Chimera.Postgres.Migrations;
using Chimera.Testing;
using StackExchange.Redis;

namespace Chimera.EndToEnd.Tests.Http;

/// <summary>
/// The HTTP port of a silo with real servers (PostgreSQL and Redis): readiness follows its dependencies, and the
/// metric families only this profile has (Redis pending entries, audit batches, dead letters by reason) are exported.
/// </summary>
[Trait(TestCategories.Name, TestCategories.EndToEnd)]
public sealed class ProductionHttpTests
{
    [Fact]
    public async Task Ready_follows_Redis_and_the_production_metrics_are_exported()
    {
        await using var postgres = await PostgresServer.StartNewAsync();
        await using var redis = await RedisServer.StartAsync();
        var database = await postgres.CreateDatabaseAsync();
        await new DatabaseMigrator().MigrateAsync(database);
        using var collector = new OtlpCollector();
        await using var silo = await SiloProcess.StartAsync(ProductionKey.SiloEnvironment(database, redis.ConnectionString),
            ["--Chimera:Http:ReceiverStallAfter=00:00:05", $"--Chimera:Telemetry:OtlpEndpoint={collector.Endpoint}", "--Chimera:Telemetry:OtlpExportInterval=00:00:01"]);
        using var http = SiloHttp.Client(silo);

        var (_, ready) = await Eventually.ReturnsAsync(() => SiloHttp.GetJsonAsync(http, "/health/ready"), r => r.Status == 200, "the silo to be ready", TimeSpan.FromSeconds(60));
        ready.GetProperty("checks").GetProperty("schema").GetProperty("description").GetString()!.ShouldContain("is current");
        ready.GetProperty("checks").GetProperty("redis").GetProperty("description").GetString()!.ShouldContain("PING");
        ready.GetProperty("checks").GetProperty("receivers").GetProperty("description").GetString()!.ShouldContain("reading");

        // Off by default outside the embedded profile.
        (await http.GetAsync("/dashboard/")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // A valid change through Redis (audit batch metrics) and a forged entry (a dead letter by reason).
        var published = await ProcessRunner.RunAsync("dotnet",
            [RepositoryLayout.CliDll, "publish", "--influencer", "prod-alpha", "--status", "online", "--capability", "video-gen:v2", "--via", "redis", "--redis", redis.ConnectionString, .. ProductionKey.CliFlags],
            ProductionKey.CliEnvironment());
        published.ExitCode.ShouldBe(0, published.ToString());
        await using (var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString))
        {
            var key = StatusPartitioner.StreamKey(PerceptionNames.StatusTopic, StatusPartitioner.PartitionOf("prod-beta", 8));
            await connection.GetDatabase().StreamAddAsync(key, [new NameValueEntry("event", "{\"not\":\"an event\"}"), new NameValueEntry("adapter", "nobody")]);
        }

        var (families, text) = await Eventually.ReturnsAsync(() => SiloHttp.MetricsAsync(http),
            m => m.Families.Contains("chimera_deadletters") && m.Families.Contains("chimera_audit_batch_size") && m.Families.Contains("chimera_redis_pending"),
            "the dead-letter, audit and pending families", TimeSpan.FromSeconds(60));
        families.ShouldContain("chimera_audit_commit_duration_seconds");
        text.ShouldContain("chimera_audit_commit_duration_seconds_count{otel_scope_name=\"Chimera\",outcome=\"committed\"}");
        text.ShouldContain("chimera_redis_pending{otel_scope_name=\"Chimera\",partition=\"");
        text.ShouldMatch("chimera_deadletters\\{otel_scope_name=\"Chimera\",reason=\"[a-z_]+\"\\} 1");
        var (_, letters) = await SiloHttp.GetJsonAsync(http, "/api/deadletters");
        letters.GetProperty("retained").GetInt64().ShouldBe(1);

        // Traces of this profile include the database and Redis commands (Npgsql and StackExchange.Redis instrumentation).
        await Eventually.TrueAsync(() => Task.FromResult(collector.Received("/v1/traces", "postgresql") && collector.Received("/v1/traces", "redis")
                && collector.Received("/v1/traces", "chimera.ingest.batch")),
            $"Npgsql, Redis and ingest-batch spans at the collector (received: {collector.Describe()})", TimeSpan.FromSeconds(60));

        // Redis goes away: the silo is no longer ready (Redis unreachable, then receivers stalled); it comes back with Redis.
        redis.Stop();
        var (status, notReady) = await Eventually.ReturnsAsync(() => SiloHttp.GetJsonAsync(http, "/health/ready"),
            r => r.Status == 503 && r.Body.GetProperty("checks").GetProperty("receivers").GetProperty("status").GetString() == "unhealthy",
            "ready to report Redis and the stalled receivers", TimeSpan.FromSeconds(60));
        status.ShouldBe(503);
        notReady.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString().ShouldBe("unhealthy");
        notReady.GetProperty("checks").GetProperty("cluster").GetProperty("status").GetString().ShouldBe("healthy");
        (await http.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await redis.StartAgainAsync();
        await Eventually.ReturnsAsync(() => SiloHttp.GetJsonAsync(http, "/health/ready"), r => r.Status == 200, "ready again once Redis is back", TimeSpan.FromSeconds(90));
    }
}
