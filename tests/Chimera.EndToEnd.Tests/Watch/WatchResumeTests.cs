using Chimera.Client;
using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Contracts.Validation;
using Chimera.Adapters;
using Chimera.EndToEnd.Tests.Http;
using Chimera.Postgres.Migrations;
using Chimera.Testing;

namespace Chimera.EndToEnd.Tests.Watch;

/// <summary>
/// IChimeraClient.WatchAsync across a real disconnect (spec §12): the silo process dies mid-stream and a new one
/// starts on the same ports and database; the watcher reconnects by itself and yields every change exactly once.
/// </summary>
[Trait(TestCategories.Name, TestCategories.EndToEnd)]
public sealed class WatchResumeTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_watcher_disconnected_mid_stream_resumes_with_every_change_exactly_once()
    {
        await using var postgres = await PostgresServer.StartNewAsync();
        var database = await postgres.CreateDatabaseAsync();
        await new DatabaseMigrator().MigrateAsync(database);
        var environment = ProductionKey.SiloEnvironment(database, redis: null);
        environment["Chimera__Postgres__UseClustering"] = "false"; // one silo, restarted on its ports: localhost clustering
        var silo = await SiloProcess.StartAsync(environment);
        var ports = (silo.SiloPort, silo.GatewayPort, silo.HttpPort);
        try
        {
            var options = new ChimeraClientOptions
            {
                Clustering = ChimeraClustering.Static,
                WatchWait = TimeSpan.FromSeconds(2),
                WatchRetryMax = TimeSpan.FromSeconds(1),
                ConnectTimeout = TimeSpan.FromSeconds(60), // a loaded machine; the assertion is about what arrives, not when
            };
            options.Gateways.Add(silo.Gateway);
            await using var connection = await ChimeraClientConnection.ConnectAsync(options);
            var ids = Enumerable.Range(0, 20).Select(i => $"resume-{i:00}").ToArray();
            var seen = new List<AuditRecord>();
            using var stop = new CancellationTokenSource(Deadline * 2);
            var watcher = Task.Run(async () =>
            {
                await foreach (var change in connection.Client.WatchAsync(WatchFrom.Beginning, new ChangeFilter { InfluencerIds = ids }, stop.Token))
                {
                    lock (seen)
                    {
                        seen.Add(change);
                    }

                    if (Count(seen) == ids.Length)
                    {
                        return;
                    }
                }
            });

            foreach (var id in ids[..10])
            {
                (await PublishAsync(connection.Client, id)).ShouldBeEmpty();
            }

            await Eventually.TrueAsync(() => Task.FromResult(Count(seen) == 10), "the first ten changes to reach the watcher", Deadline);

            // The silo dies; a new one comes up on the same ports over the same database.
            silo.Kill();
            await silo.DisposeAsync();
            silo = await SiloProcess.StartAsync(environment, ports: ports, readyWithin: Deadline);
            foreach (var id in ids[10..])
            {
                await Eventually.ReturnsAsync(async () =>
                {
                    try
                    {
                        return await PublishAsync(connection.Client, id);
                    }
                    catch (ChimeraUnavailableException)
                    {
                        return null; // the client is still reconnecting
                    }
                }, violations => violations is { Count: 0 }, $"{id} to be published after the restart", Deadline);
            }

            await Eventually.CompletesAsync(watcher, "the watcher to see every change across the restart", Deadline);
            List<AuditRecord> result;
            lock (seen)
            {
                result = [.. seen];
            }

            result.Select(c => c.InfluencerId).ShouldBe(ids, ignoreOrder: true);
            result.Select(c => c.EventId).Distinct().Count().ShouldBe(ids.Length);
            result.Select(c => c.Revision).ShouldBeInOrder(SortDirection.Ascending);
        }
        finally
        {
            await silo.DisposeAsync();
        }
    }

    private static int Count(List<AuditRecord> seen)
    {
        lock (seen)
        {
            return seen.Count;
        }
    }

    private static async Task<IReadOnlyList<Violation>> PublishAsync(IChimeraClient client, string id)
    {
        var (entry, _) = SignedEventFactory.Create(id, new StatusReport(InfluencerStatus.Online, [new Capability("video-gen", 2)]), DateTimeOffset.UtcNow, ProductionKey.Key, RatifiedSpecs.Embedded());
        return await client.PublishAsync(entry);
    }
}
