using System.Diagnostics;
using Chimera.Bench.Infrastructure;
using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Postgres.Audit;
using Chimera.Postgres.Hosting;
using Chimera.Postgres.Migrations;
using Chimera.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Chimera.Bench.Benchmarks;

/// <summary>
/// Audit rows: raw binary COPY of N rows into chimera_audit (one connection, one COPY: the ceiling) against
/// Chimera's group-commit <see cref="PostgresAuditLog"/> with many concurrent appenders, each awaiting its row
/// before appending the next (as a grain awaits its audit row before acknowledging the event). Same server,
/// same schema (sql/ migrations), same rows.
/// </summary>
internal static class AuditBench
{
    public static async Task RunAsync(Scale scale, ResultTable table, TextWriter log)
    {
        // Production durability (fsync, synchronous_commit on) for both sides, as the ingest benchmark's production profile.
        await using var server = await PostgresServer.StartNewAsync(PostgresDurability.Production);
        var connectionString = await server.CreateDatabaseAsync("bench");
        await new DatabaseMigrator().MigrateAsync(connectionString);
        var n = scale.AuditRows;
        var now = DateTimeOffset.UtcNow;

        var raw = Records(n, "raw", now);
        var copy = Stopwatch.StartNew();
        await CopyAsync(connectionString, raw);
        var copyRate = n / copy.Elapsed.TotalSeconds;
        log.WriteLine($"  audit: raw COPY {n:N0} rows in {copy.Elapsed.TotalSeconds:0.00} s");
        await ExecuteAsync(connectionString, "TRUNCATE chimera_audit");
        await ExecuteAsync(connectionString, "VACUUM ANALYZE chimera_audit");

        var appenders = scale.AuditAppenders;
        var (groupRate, batches, stored) = await GroupCommitAsync(connectionString, Records(n, "chm", now), appenders, AuditWriteMode.Adaptive);
        log.WriteLine($"  audit: group commit {n:N0} rows in {n / groupRate:0.00} s, {batches:N0} batches, {stored:N0} rows stored");

        var ratio = groupRate / copyRate;
        table.Add("Audit (PostgreSQL)", $"rows/s, IAuditLog group commit, {appenders:N0} concurrent appenders ({n:N0} rows)",
            ResultTable.Rate(groupRate), $"raw COPY {ResultTable.Rate(copyRate)}", ">= 75% of COPY", $"{ResultTable.Pass(ratio >= 0.75)} ({ratio:P0})");
        table.Metric("audit_group_commit_per_s", groupRate);
        table.Metric("audit_raw_copy_per_s", copyRate);
        table.Metric("audit_vs_copy_ratio", ratio);
        table.Require(stored == n, $"audit: {stored:N0}/{n:N0} rows stored");
        table.Add("Audit (PostgreSQL)", "rows stored / appended", $"{stored:N0} / {n:N0}", "", "all", ResultTable.Pass(stored == n));
        table.Note($"Audit: {batches:N0} commits, {n / Math.Max(1.0, batches):0} rows per batch on average. PostgreSQL runs with its default durability (fsync and synchronous_commit on) for both sides.");

        // Why the writer is adaptive (Chimera.Postgres/README.md): each write mode with few and with many appenders.
        var sample = Math.Max(10_000, n / 4);
        foreach (var concurrency in new[] { 64, appenders, 4096 })
        {
            var rates = new List<string>();
            foreach (var mode in new[] { AuditWriteMode.UnnestInsert, AuditWriteMode.CopyThenInsert, AuditWriteMode.Adaptive })
            {
                await ExecuteAsync(connectionString, "TRUNCATE chimera_audit");
                var (rate, modeBatches, _) = await GroupCommitAsync(connectionString, Records(sample, $"{mode}-{concurrency}", now), concurrency, mode);
                rates.Add($"{mode} {ResultTable.Rate(rate)} ({sample / Math.Max(1.0, modeBatches):0} rows/batch)");
            }

            table.Add("Audit (PostgreSQL)", $"write modes, {concurrency:N0} appenders ({sample:N0} rows)", string.Join("; ", rates), $"raw COPY {ResultTable.Rate(copyRate)}", "", "");
        }
    }

    /// <summary>Appends every record through a group-commit log with <paramref name="appenders"/> concurrent awaiting appenders.</summary>
    private static async Task<(double Rate, long Batches, long Stored)> GroupCommitAsync(string connectionString, AuditRecord[] records, int appenders, AuditWriteMode mode)
    {
        var options = new ChimeraPostgresOptions { ConnectionString = connectionString };
        await using var dataSource = new ChimeraPostgresDataSource(Options.Create(options));
        var audit = new PostgresAuditLog(dataSource, Options.Create(options), NullLogger<PostgresAuditLog>.Instance) { Mode = mode };
        audit.Start();
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, appenders).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < records.Length)
            {
                await audit.AppendAsync(records[i]);
            }
        })));
        var rate = records.Length / clock.Elapsed.TotalSeconds;
        var batches = audit.BatchesCommitted;
        await audit.StopAsync();
        return (rate, batches, await CountAsync(connectionString));
    }

    private static AuditRecord[] Records(int n, string prefix, DateTimeOffset now)
    {
        var random = new Random(5);
        var records = new AuditRecord[n];
        for (var i = 0; i < n; i++)
        {
            var id = $"inf-{i % 50_000:D6}";
            records[i] = new AuditRecord
            {
                EventId = $"{prefix}-{i}-{Guid.NewGuid():N}",
                Kind = AuditKind.StatusChange,
                InfluencerId = id,
                PreviousStatus = InfluencerStatus.Online,
                NewStatus = InfluencerStatus.Busy,
                Load = Math.Round(random.NextDouble(), 3),
                Confidence = 0.9,
                RelevanceScore = 0.5,
                Capabilities = [new Capability("video-gen", 2), new Capability("captioning", 1)],
                CurrentTask = "render clip 42",
                EventTime = now.AddMilliseconds(i),
                RecordedAt = now.AddMilliseconds(i + 3),
                Source = "worker/influencer." + id,
                AdapterId = "bench-adapter",
                TraceId = "trace-" + i,
                Detail = "load",
            };
        }

        return records;
    }

    private static async Task CopyAsync(string connectionString, AuditRecord[] records)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var importer = await connection.BeginBinaryImportAsync(
            "COPY chimera_audit (event_id, kind, influencer_id, previous_status, new_status, load, confidence, relevance_score, " +
            "capabilities, current_task, event_time, recorded_at, source, adapter_id, trace_id, detail, revision) FROM STDIN (FORMAT BINARY)");
        var revision = 0L;
        foreach (var r in records)
        {
            await importer.StartRowAsync();
            await importer.WriteAsync(r.EventId, NpgsqlDbType.Text);
            await importer.WriteAsync((short)r.Kind, NpgsqlDbType.Smallint);
            await importer.WriteAsync(r.InfluencerId, NpgsqlDbType.Text);
            await importer.WriteAsync((short)r.PreviousStatus!.Value, NpgsqlDbType.Smallint);
            await importer.WriteAsync((short)r.NewStatus, NpgsqlDbType.Smallint);
            await importer.WriteAsync(r.Load, NpgsqlDbType.Double);
            await importer.WriteAsync(r.Confidence, NpgsqlDbType.Double);
            await importer.WriteAsync(r.RelevanceScore, NpgsqlDbType.Double);
            await importer.WriteAsync(r.Capabilities.Select(c => c.ToString()).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
            await importer.WriteAsync(r.CurrentTask!, NpgsqlDbType.Text);
            await importer.WriteAsync(r.EventTime.ToUniversalTime(), NpgsqlDbType.TimestampTz);
            await importer.WriteAsync(r.RecordedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz);
            await importer.WriteAsync(r.Source!, NpgsqlDbType.Text);
            await importer.WriteAsync(r.AdapterId!, NpgsqlDbType.Text);
            await importer.WriteAsync(r.TraceId!, NpgsqlDbType.Text);
            await importer.WriteAsync(r.Detail!, NpgsqlDbType.Text);

            // The ceiling writes its own numbers (the table is truncated before each run); the writer takes them from sql/0008's counter.
            await importer.WriteAsync(++revision, NpgsqlDbType.Bigint);
        }

        await importer.CompleteAsync();
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> CountAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM chimera_audit", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
