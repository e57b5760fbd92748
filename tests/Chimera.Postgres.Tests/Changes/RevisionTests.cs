using System.Diagnostics.Metrics;
using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Core.Telemetry;
using Chimera.Postgres.Audit;
using Chimera.Postgres.Changes;
using Chimera.Postgres.Migrations;
using Chimera.Postgres.Tests.Audit;
using Chimera.Postgres.Tests.Infrastructure;
using Chimera.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Chimera.Postgres.Tests.Changes;

/// <summary>
/// Revisions on a real PostgreSQL (sql/0008): one total order per cluster in commit order, so a reader that asks for
/// "after R" never skips a row that commits later (the outbox-tailing trap of identity columns with several writers).
/// </summary>
[Trait(TestCategories.Name, TestCategories.Postgres)]
[Collection(PostgresCollection.Name)]
public sealed class RevisionTests(PostgresFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_writer_cannot_take_revisions_while_another_writers_batch_is_uncommitted()
    {
        var db = await TestDatabase.CreateMigratedAsync(fixture.Server);
        await using var harness = new AuditLogHarness(db);
        var changes = new PostgresChangeLog(harness.DataSource);

        // Writer A stages its batch and runs the writer's statement inside a transaction it does not commit yet.
        await using var a = await OpenStagedAsync(db, "a-1");
        await using var transactionA = await a.BeginTransactionAsync();
        await using (var move = new NpgsqlCommand(AuditSql.MoveStage, a, transactionA))
        {
            await move.ExecuteNonQueryAsync();
        }

        // Writer B (another silo) runs the same statement: it must wait for A, not take the next number and commit first.
        await using var b = await OpenStagedAsync(db, "b-1");
        var moveB = new NpgsqlCommand(AuditSql.MoveStage, b).ExecuteNonQueryAsync();
        await Eventually.TrueAsync(async () => await TestDatabase.ScalarAsync(db,
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") == 1,
            "writer B to wait for writer A's revision lock", Deadline);
        moveB.IsCompleted.ShouldBeFalse();
        (await changes.ReadAfterAsync(0, 100)).ShouldBeEmpty();

        await transactionA.CommitAsync();
        await Eventually.CompletesAsync(moveB, "writer B to commit once writer A released the revision lock", Deadline);

        var rows = await changes.ReadAfterAsync(0, 100);
        rows.Select(r => r.EventId).ShouldBe(["a-1", "b-1"]);
        rows[0].Revision.ShouldBeLessThan(rows[1].Revision);
        (await changes.ReadAfterAsync(rows[0].Revision, 100)).ShouldHaveSingleItem().EventId.ShouldBe("b-1");
        (await changes.GetHeadAsync()).ShouldBe(rows[1].Revision);
    }

    [Fact]
    public async Task Two_writers_and_a_tailing_reader_see_every_row_exactly_once_in_revision_order()
    {
        const int PerWriter = 1500;
        var db = await TestDatabase.CreateMigratedAsync(fixture.Server);
        await using var silo1 = new AuditLogHarness(db, o => o.AuditBatchMaxRows = 37);
        await using var silo2 = new AuditLogHarness(db, o => o.AuditBatchMaxRows = 23);
        silo1.Log.Start();
        silo2.Log.Start();
        var changes = new PostgresChangeLog(silo1.DataSource);

        var writes = Task.WhenAll(
            Task.Run(() => WriteAsync(silo1.Log, "one", PerWriter)),
            Task.Run(() => WriteAsync(silo2.Log, "two", PerWriter)));
        var seen = new List<AuditRecord>();
        var position = 0L;
        var until = DateTime.UtcNow + Deadline;
        while (seen.Count < 2 * PerWriter && DateTime.UtcNow < until)
        {
            var page = await changes.ReadAfterAsync(position, 100);
            seen.AddRange(page);
            position = page.Count > 0 ? page[^1].Revision : position;
            if (page.Count == 0)
            {
                await Task.Delay(5); // nothing new yet: do not spin a core the writers need on a 2-core box
            }
        }

        await writes;
        seen.Count.ShouldBe(2 * PerWriter, "the tailing reader did not see every row");
        seen.Select(r => r.EventId).Distinct().Count().ShouldBe(2 * PerWriter);
        seen.Select(r => r.Revision).ShouldBeInOrder(SortDirection.Ascending);
        seen.Select(r => r.Revision).Distinct().Count().ShouldBe(2 * PerWriter);
    }

    [Fact]
    public async Task Migration_numbers_rows_written_before_it_and_the_writer_continues_after_them()
    {
        var db = await fixture.Server.CreateDatabaseAsync();
        await ApplyUpToAsync(db, 6);
        await using (var connection = new NpgsqlConnection(db))
        {
            await connection.OpenAsync();
            await using var insert = new NpgsqlCommand("""
                INSERT INTO chimera_audit (event_id, kind, influencer_id, new_status, load, confidence, relevance_score, capabilities, event_time, recorded_at)
                SELECT 'old-' || g, 0, 'alpha', 0, 0, 1, 0.5, '{}', now(), now() FROM generate_series(1, 3) g
                """, connection);
            await insert.ExecuteNonQueryAsync();
        }

        var report = await new DatabaseMigrator().MigrateAsync(db);
        report.Applied.ShouldContain("0008_chimera_change_revisions.sql");

        await using var harness = new AuditLogHarness(db);
        harness.Log.Start();
        await harness.Log.AppendAsync(AuditRecords.Change("new-1", "alpha", InfluencerStatus.Busy, AuditRecords.T0));
        var rows = await new PostgresChangeLog(harness.DataSource).ReadAfterAsync(0, 10);
        rows.Select(r => (r.EventId, r.Revision)).ShouldBe([("old-1", 1L), ("old-2", 2L), ("old-3", 3L), ("new-1", 4L)]);
    }

    [Fact]
    public async Task Psql_users_read_kinds_and_statuses_by_name()
    {
        var db = await TestDatabase.CreateMigratedAsync(fixture.Server);
        await using var harness = new AuditLogHarness(db);
        harness.Log.Start();
        await harness.Log.AppendAsync(AuditRecords.Change("v-1", "alpha", InfluencerStatus.Maintenance, AuditRecords.T0, previous: InfluencerStatus.Busy));
        await harness.Log.AppendAsync(AuditRecords.Change("v-2", "alpha", InfluencerStatus.Offline, AuditRecords.T0.AddSeconds(1), kind: AuditKind.StaleDetected));

        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT kind, previous_status, new_status FROM chimera_audit_readable ORDER BY revision", connection);
        await using var reader = await query.ExecuteReaderAsync();
        var rows = new List<(string, string?, string)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2)));
        }

        rows.ShouldBe([("status_change", "busy", "maintenance"), ("stale_detected", null, "offline")]);

        // Every code the C# enums define has its row, spelled as the CLI spells it.
        foreach (var kind in Enum.GetValues<AuditKind>())
        {
            (await TestDatabase.ScalarAsync(db, $"SELECT count(*) FROM chimera_audit_kind WHERE code = {(int)kind} AND name = '{kind.ToWire()}'")).ShouldBe(1);
        }

        foreach (var status in Enum.GetValues<InfluencerStatus>())
        {
            (await TestDatabase.ScalarAsync(db, $"SELECT count(*) FROM chimera_influencer_status WHERE code = {(int)status} AND name = '{status.ToWire()}'")).ShouldBe(1);
        }
    }

    [Fact]
    public async Task Each_committed_batch_records_its_size_and_commit_latency()
    {
        var db = await TestDatabase.CreateMigratedAsync(fixture.Server);
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        var instruments = new ChimeraInstruments(meters, new RegistryGauges());
        var options = new Chimera.Postgres.Hosting.ChimeraPostgresOptions { ConnectionString = db, AuditBatchMaxRows = 250 };
        Chimera.Postgres.Hosting.ChimeraPostgresOptionsValidator.Instance.ThrowIfInvalid(options);
        await using var dataSource = new Chimera.Postgres.Hosting.ChimeraPostgresDataSource(Options.Create(options));
        await using var log = new PostgresAuditLog(dataSource, Options.Create(options), NullLogger<PostgresAuditLog>.Instance, instruments);
        var sizes = new List<long>();
        var commits = new List<(double Seconds, object? Outcome)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter == meters.Create(ChimeraTelemetry.SourceName))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) =>
        {
            if (instrument.Name == "chimera.audit.batch.size")
            {
                lock (sizes)
                {
                    sizes.Add(value);
                }
            }
        });
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "chimera.audit.commit.duration")
            {
                lock (commits)
                {
                    commits.Add((value, tags.ToArray().Single(t => t.Key == "outcome").Value));
                }
            }
        });
        listener.Start();

        // Queued before the writer starts: exactly 1000 / 250 = 4 batches.
        var appends = Enumerable.Range(0, 1000).Select(i => log.AppendAsync(AuditRecords.Change($"m{i}", "alpha", InfluencerStatus.Online, AuditRecords.T0.AddSeconds(i)))).ToList();
        log.Start();
        await Task.WhenAll(appends);

        sizes.ShouldBe([250, 250, 250, 250]);
        commits.Count.ShouldBe(4);
        commits.ShouldAllBe(c => (string?)c.Outcome == "committed" && c.Seconds > 0);
    }

    [Fact]
    public async Task Migrate_creates_a_database_that_does_not_exist_and_is_then_idempotent()
    {
        var name = "chimera_missing_" + Guid.NewGuid().ToString("N")[..8];
        var connectionString = fixture.Server.ConnectionStringFor(name);

        var first = await new DatabaseMigrator().MigrateAsync(connectionString);
        var second = await new DatabaseMigrator().MigrateAsync(connectionString);

        first.CreatedDatabase.ShouldBe(name);
        first.Applied.Count.ShouldBe(new DatabaseMigrator().ExpectedVersion);
        second.CreatedDatabase.ShouldBeNull();
        second.ChangedAnything.ShouldBeFalse();
        (await new DatabaseMigrator().CheckAsync(connectionString)).IsCurrent.ShouldBeTrue();
    }

    [Fact]
    public async Task A_missing_database_this_user_may_not_create_fails_with_one_line_naming_the_fix()
    {
        var role = "chimera_nocreate_" + Guid.NewGuid().ToString("N")[..8];
        await using (var admin = new NpgsqlConnection(fixture.Server.AdminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE ROLE {role} LOGIN NOCREATEDB", admin);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(fixture.Server.ConnectionStringFor("chimera_absent_" + role)) { Username = role }.ConnectionString;
        var error = await Should.ThrowAsync<DatabaseMissingException>(() => new DatabaseMigrator().MigrateAsync(connectionString));

        error.Message.ShouldNotContain('\n');
        error.Message.ShouldContain("does not exist");
        error.Message.ShouldContain("createdb -h 127.0.0.1");
    }

    private static async Task WriteAsync(PostgresAuditLog log, string writer, int count)
    {
        var pending = new List<Task>();
        for (var i = 0; i < count; i++)
        {
            pending.Add(log.AppendAsync(AuditRecords.Change($"{writer}-{i}", $"{writer}-{i % 40}", InfluencerStatus.Online, AuditRecords.T0.AddMilliseconds(i))));
            if (pending.Count == 50)
            {
                await Task.WhenAll(pending);
                pending.Clear();
            }
        }

        await Task.WhenAll(pending);
    }

    // A connection with the writer's staging table holding one row, as PostgresAuditLog prepares it before MoveStage.
    private static async Task<NpgsqlConnection> OpenStagedAsync(string db, string eventId)
    {
        var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        await using (var stage = new NpgsqlCommand(AuditSql.CreateStage, connection))
        {
            await stage.ExecuteNonQueryAsync();
        }

        await using (var importer = await connection.BeginBinaryImportAsync(AuditSql.CopyStage))
        {
            await AuditRows.WriteAsync(importer, 0, AuditRecords.Change(eventId, "alpha", InfluencerStatus.Online, AuditRecords.T0), CancellationToken.None);
            await importer.CompleteAsync();
        }

        return connection;
    }

    private static async Task ApplyUpToAsync(string db, int version)
    {
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        await using (var table = new NpgsqlCommand("CREATE TABLE chimera_schema_version (version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())", connection))
        {
            await table.ExecuteNonQueryAsync();
        }

        foreach (var script in MigrationScript.LoadEmbedded().Where(s => s.Version <= version))
        {
            await using var apply = new NpgsqlCommand(script.Sql, connection);
            await apply.ExecuteNonQueryAsync();
            await using var record = new NpgsqlCommand("INSERT INTO chimera_schema_version (version, name, checksum) VALUES (@v, @n, @c)", connection);
            record.Parameters.AddWithValue("v", script.Version);
            record.Parameters.AddWithValue("n", script.Name);
            record.Parameters.AddWithValue("c", script.Checksum);
            await record.ExecuteNonQueryAsync();
        }
    }
}
