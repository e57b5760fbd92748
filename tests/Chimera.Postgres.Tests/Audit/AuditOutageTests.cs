using System.Collections.Concurrent;
using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Postgres.Tests.Infrastructure;
using Chimera.Testing;

namespace Chimera.Postgres.Tests.Audit;

/// <summary>
/// PostgreSQL stops and starts while appends are in flight. Appends issued while it is down FAIL with
/// AuditStoreUnavailableException (they do not wait for recovery); every acknowledged append is stored; the
/// writer resumes without a restart. Own server: stopping it must not disturb the other test classes.
/// </summary>
public sealed class AuditOutageTests : IAsyncLifetime
{
    private PostgresServer _server = null!;

    public async Task InitializeAsync() => _server = await PostgresServer.StartNewAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Outage_FailsAppendsCleanly_LosesNothingAcknowledged_AndResumes()
    {
        var db = await TestDatabase.CreateMigratedAsync(_server);
        await using var harness = new AuditLogHarness(db, o =>
        {
            o.AuditRetryMinBackoff = TimeSpan.FromMilliseconds(10);
            o.AuditRetryMaxBackoff = TimeSpan.FromMilliseconds(200);
        });
        harness.Log.Start();
        var acknowledged = new ConcurrentBag<string>();
        var failed = new ConcurrentBag<string>();

        async Task AppendAsync(string id)
        {
            try
            {
                await harness.Log.AppendAsync(AuditRecords.Change(id, "alpha", InfluencerStatus.Online, AuditRecords.T0));
                acknowledged.Add(id);
            }
            catch (AuditStoreUnavailableException)
            {
                failed.Add(id);
            }
        }

        // Before: all succeed.
        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => AppendAsync($"before-{i}")));

        // During: appends race a stop; whatever was acknowledged must be stored.
        var racing = Task.WhenAll(Enumerable.Range(0, 500).Select(i => AppendAsync($"race-{i}")));
        await _server.StopAsync();
        await racing;
        await AppendAsync("while-down");
        failed.ShouldContain("while-down");

        // After: the same writer (no restart) records new rows and the retried failures.
        await _server.StartAsync();
        foreach (var id in failed.ToArray())
        {
            await RetryUntilStoredAsync(harness, id);
        }

        await harness.Log.AppendAsync(AuditRecords.Change("after", "alpha", InfluencerStatus.Idle, AuditRecords.T0));

        var ids = await StoredIdsAsync(db);
        acknowledged.Where(id => !ids.Contains(id)).ShouldBeEmpty();
        ids.Count.ShouldBe(200 + 500 + 1 + 1);
        acknowledged.Count(id => id.StartsWith("before-", StringComparison.Ordinal)).ShouldBe(200);
    }

    // Only the first append after PostgreSQL restarts may still meet the pool's dead connections; a caller
    // retries as the stream would redeliver. Bounded: PostgreSQL is up, so this ends within a few batches.
    private static async Task RetryUntilStoredAsync(AuditLogHarness harness, string id)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await harness.Log.AppendAsync(AuditRecords.Change(id, "alpha", InfluencerStatus.Online, AuditRecords.T0));
                return;
            }
            catch (AuditStoreUnavailableException) when (attempt < 10)
            {
            }
        }
    }

    private static async Task<HashSet<string>> StoredIdsAsync(string db)
    {
        await using var connection = new Npgsql.NpgsqlConnection(db);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT event_id FROM chimera_audit", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }
}
