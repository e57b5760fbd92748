using System.Globalization;
using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Contracts.Provenance;
using Chimera.Contracts.Spec;
using Chimera.Contracts.Validation;
using Chimera.Core.Ingress;
using Chimera.Redis.Streams;
using Chimera.Testing;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Chimera.Redis.Tests;

/// <summary>
/// Spec §8.5 end to end: 10,000 entries over all 8 partitions of a real Redis, read by a 2-silo cluster — half of
/// them valid changes, half bad in every way the gate and the receiver know — plus bad entries through the ingest
/// grain. Every valid event is applied exactly once, every bad entry is dead-lettered exactly once with its code, no
/// receiver stalls (pending returns to 0 within a deadline; no entry is read more than twice), and the counters agree
/// with what happened (dead letters counted once, on both paths).
/// </summary>
[Trait(TestCategories.Name, TestCategories.Redis)]
[Collection(HeavyCollection.Name)]
public sealed class HostileTrafficTests(ITestOutputHelper output)
{
    private const int Influencers = 200;
    private const int ValidEach = 25;
    private const int IngestBad = 60;

    [Fact]
    public async Task TenThousandEntriesMixingValidAndEveryRejectClass_AreEachAppliedOrDeadLetteredExactlyOnce()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var cluster = await HostileTrafficCluster.StartAsync(redis);
        using var meter = new SiloCounters(cluster.Cluster.Silos.Select(s => s.ServiceProvider)); // these silos' meters only
        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var db = admin.GetDatabase();
        await Eventually.TrueAsync(async () => await cluster.RunningAgentsAsync() == HostileTrafficCluster.Partitions, "the silos to read every partition");

        var influencers = Enumerable.Range(0, Influencers).Select(i => $"hostile-{i:D3}").ToArray();
        var start = cluster.Clock.GetUtcNow() - TimeSpan.FromMinutes(1);
        var expected = new Dictionary<string, string>(StringComparer.Ordinal); // origin -> code
        var valid = new List<string>();
        var key = (string id) => StatusPartitioner.StreamKey(PerceptionNames.StatusTopic, StatusPartitioner.PartitionOf(id, HostileTrafficCluster.Partitions));

        // Partition of the first influencer: its first entry gets a crafted id, stamped an hour ahead with a sequence
        // past int.MaxValue, so every later '*' id on that key has a 64-bit sequence too (spec §2.3).
        var crafted = key(influencers[0]);
        var craftedMs = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds(); // far enough ahead that no later id of this run can pass it, however slow the box
        var first = StatusEvents.Sign(StatusEvents.Create(influencers[0], start, InfluencerStatus.Busy, eventId: $"{influencers[0]}-crafted"));
        await db.StreamAddAsync(crafted, SignedEntryCodec.ToFields(first), messageId: $"{craftedMs}-2147483648");
        valid.Add($"{influencers[0]}-crafted");

        var entries = 1;
        for (var n = 0; n < ValidEach; n++)
        {
            for (var i = 0; i < influencers.Length; i++)
            {
                var id = influencers[i];
                // Alternating status: every valid event is a change, so each owes exactly one audit append.
                var eventId = $"{id}-{n:D2}";
                var statusEvent = StatusEvents.Create(id, start.AddMilliseconds(n + 1), n % 2 == 0 ? InfluencerStatus.Online : InfluencerStatus.Busy,
                    eventId: eventId, currentTask: n % 5 == 0 ? "smile 😀 \u00e9" : null);
                await db.StreamAddAsync(key(id), SignedEntryCodec.ToFields(StatusEvents.Sign(statusEvent)));
                valid.Add(eventId);

                var kind = ((n * Influencers) + i) % HostileEntries.Kinds;
                var (fields, code) = HostileEntries.Create(kind, id, $"{n}-{i}", cluster.Clock.GetUtcNow());
                var entryId = await db.StreamAddAsync(key(id), fields);
                expected[$"{key(id)}/{entryId}"] = code;
                entries += 2;
            }
        }

        entries.ShouldBe(10_001);
        var expectedCodes = expected.Values.GroupBy(c => c, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
        // Every code there is, but delivery_failed (the failure handler's, for events the grain could not apply).
        expectedCodes.Keys.Order(StringComparer.Ordinal).ShouldBe(RejectCodes.All.Where(c => c != RejectCodes.DeliveryFailed).Order(StringComparer.Ordinal));

        // The in-cluster entrance gets its share of bad entries too.
        var ingest = cluster.Cluster.Client.GetGrain<IStatusIngestGrain>(0);
        var ingestCodes = new List<string>();
        for (var k = 0; k < IngestBad; k++)
        {
            var (fields, code) = HostileEntries.Create(k % HostileEntries.Kinds, influencers[k], $"ingest-{k}", cluster.Clock.GetUtcNow());
            var entry = SignedEntryCodec.FromFields(fields, out var damaged);
            if (entry is null)
            {
                continue; // transport damage exists only on Redis
            }

            var violations = await ingest.IngestAsync(entry);
            violations.ShouldNotBeEmpty();
            violations[0].Code.ShouldBe(code);
            ingestCodes.Add(code);
        }

        // No receiver stalls: every partition's pending list drains within a deadline, and every bad entry gets its letter.
        await Eventually.TrueAsync(async () =>
        {
            foreach (var p in Enumerable.Range(0, HostileTrafficCluster.Partitions))
            {
                var partition = StatusPartitioner.StreamKey(PerceptionNames.StatusTopic, p);
                var info = await db.StreamGroupInfoAsync(partition);
                if (info.Length != 1 || info[0].PendingMessageCount != 0 || info[0].LastDeliveredId != (string?)(await db.StreamInfoAsync(partition)).LastGeneratedId)
                {
                    return false;
                }
            }

            return await db.StreamLengthAsync(PerceptionNames.DeadLetterTopic) >= expected.Count + ingestCodes.Count;
        }, "every partition to be read to its end with nothing pending", TimeSpan.FromSeconds(180));
        (await db.StreamInfoAsync(crafted)).LastGeneratedId.ToString().ShouldStartWith($"{craftedMs}-");

        // Every valid event applied exactly once: one audit append per id (before the store's dedupe), one row each.
        await Eventually.TrueAsync(() => Task.FromResult(cluster.Ledger.TotalCalls >= valid.Count), "every valid event to be applied", TimeSpan.FromSeconds(60));
        var calls = cluster.Ledger.Snapshot();
        calls.Keys.Order(StringComparer.Ordinal).ShouldBe(valid.Order(StringComparer.Ordinal));
        calls.Values.ShouldAllBe(n => n == 1);
        cluster.Audit.Count.ShouldBe(valid.Count);
        foreach (var id in influencers.Take(20))
        {
            (await cluster.Cluster.Client.GetGrain<IInfluencerGrain>(id).GetStatusAsync())!.LastEventId.ShouldBe($"{id}-{ValidEach - 1:D2}");
        }

        // Every bad entry dead-lettered exactly once, with its code.
        var letters = await db.StreamRangeAsync(PerceptionNames.DeadLetterTopic);
        var fromRedis = letters.Where(l => l[DeadLetters.OriginField] != DeadLetters.IngestGrainOrigin).ToList();
        fromRedis.Select(l => (string)l[DeadLetters.OriginField]!).Order(StringComparer.Ordinal).ShouldBe(expected.Keys.Order(StringComparer.Ordinal));
        var wrong = fromRedis.Where(l => expected[(string)l[DeadLetters.OriginField]!] != (string?)l[DeadLetters.ReasonField]).ToList();
        wrong.Select(l => $"{l[DeadLetters.OriginField]}: {l[DeadLetters.ReasonField]} {l[DeadLetters.ViolationsField]}").ShouldBeEmpty();
        letters.Where(l => l[DeadLetters.OriginField] == DeadLetters.IngestGrainOrigin).Select(l => (string)l[DeadLetters.ReasonField]!).Order(StringComparer.Ordinal)
            .ShouldBe(ingestCodes.Order(StringComparer.Ordinal));

        // No entry read more than twice (here, with no fault, each exactly once).
        cluster.GateReads.Values.Max().ShouldBeLessThanOrEqualTo(2);
        output.WriteLine($"gate reads: {cluster.GateReads.Values.Sum()} for {cluster.GateReads.Count} distinct events; max {cluster.GateReads.Values.Max()}");

        // Counters agree: accepted = valid; rejected and dead-lettered = the bad entries, by code, each counted once.
        var all = new Dictionary<string, long>(expectedCodes, StringComparer.Ordinal);
        foreach (var code in ingestCodes)
        {
            all[code] = all.GetValueOrDefault(code) + 1;
        }

        meter.Count("chimera.events.accepted").ShouldBe(valid.Count);
        meter.Count("chimera.events.changes").ShouldBe(valid.Count);
        meter.ByTag("chimera.events.deadlettered", "reason").OrderBy(p => p.Key, StringComparer.Ordinal).ShouldBe(all.OrderBy(p => p.Key, StringComparer.Ordinal));
        meter.ByTag("chimera.events.rejected", "reason").OrderBy(p => p.Key, StringComparer.Ordinal).ShouldBe(all.OrderBy(p => p.Key, StringComparer.Ordinal));
        output.WriteLine(string.Join(", ", all.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key}={p.Value}"))));
    }

    [Fact]
    public async Task IngestGrain_DeadLettersABadEntryOnce_AndCountsItOnce_OnTheRedisProfile()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var cluster = await HostileTrafficCluster.StartAsync(redis);
        using var meter = new SiloCounters(cluster.Cluster.Silos.Select(s => s.ServiceProvider)); // these silos' meters only
        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var ingest = cluster.Cluster.Client.GetGrain<IStatusIngestGrain>(0);
        var entry = StatusEvents.Sign(StatusEvents.Create("hostile-one", cluster.Clock.GetUtcNow())) with { Signature = null };

        (await ingest.IngestAsync(entry)).ShouldHaveSingleItem().Code.ShouldBe(RejectCodes.Unsigned);

        var letter = (await admin.GetDatabase().StreamRangeAsync(PerceptionNames.DeadLetterTopic)).ShouldHaveSingleItem();
        ((string?)letter[DeadLetters.OriginField]).ShouldBe(DeadLetters.IngestGrainOrigin);
        ((byte[]?)letter[SignedEntryFields.Event]).ShouldBe(entry.EventJson);
        meter.ByTag("chimera.events.deadlettered", "reason").ShouldBe(new Dictionary<string, long> { [RejectCodes.Unsigned] = 1 });
        meter.ByTag("chimera.events.rejected", "reason").ShouldBe(new Dictionary<string, long> { [RejectCodes.Unsigned] = 1 });
    }

    [Fact]
    public async Task IngestGrain_WhoseAdmissionThrows_DeadLettersTheEntryAsInternalError_AndTellsTheCaller()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var cluster = await HostileTrafficCluster.StartAsync(redis);
        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var poison = StatusEvents.Sign(StatusEvents.Create("hostile-one", cluster.Clock.GetUtcNow(), currentTask: ObservedGate.PoisonMarker));

        var violation = (await cluster.Cluster.Client.GetGrain<IStatusIngestGrain>(0).IngestAsync(poison)).ShouldHaveSingleItem();

        violation.Code.ShouldBe(RejectCodes.InternalError);
        violation.Message.ShouldContain(typeof(InvalidOperationException).FullName!);
        ((string?)(await admin.GetDatabase().StreamRangeAsync(PerceptionNames.DeadLetterTopic)).ShouldHaveSingleItem()[DeadLetters.ReasonField]).ShouldBe(RejectCodes.InternalError);
        // The next entry through the same grain is admitted as usual.
        (await cluster.Cluster.Client.GetGrain<IStatusIngestGrain>(0).IngestAsync(StatusEvents.Sign(StatusEvents.Create("hostile-one", cluster.Clock.GetUtcNow())))).ShouldBeEmpty();
    }

    [Fact]
    public async Task IngestGrain_WhenTheStatusStreamCannotTakeAnAdmittedEntry_TellsTheCallerToRetry_AndDeadLettersNothing()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var cluster = await HostileTrafficCluster.StartAsync(redis);
        var entry = StatusEvents.Sign(StatusEvents.Create("hostile-one", cluster.Clock.GetUtcNow()));
        redis.Stop();

        var error = await Should.ThrowAsync<IngestUnavailableException>(() => cluster.Cluster.Client.GetGrain<IStatusIngestGrain>(0).IngestAsync(entry).AsTask());

        error.Message.ShouldContain("retry");
        await redis.StartAgainAsync();
        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        (await admin.GetDatabase().StreamLengthAsync(PerceptionNames.DeadLetterTopic)).ShouldBe(0);
    }
}
