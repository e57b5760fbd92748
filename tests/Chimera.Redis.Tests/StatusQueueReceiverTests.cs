using System.Text.Json;
using Chimera.Contracts.Model;
using Chimera.Contracts.Provenance;
using Chimera.Contracts.Spec;
using Chimera.Contracts.Validation;
using Chimera.Redis.Outbound;
using Chimera.Redis.Streams;
using Chimera.Testing;
using Orleans.Streams;
using StackExchange.Redis;

namespace Chimera.Redis.Tests;

public sealed class StatusQueueReceiverTests
{
    [Fact]
    public async Task Receiver_DecodesABatchIntoStatusEventsOnTheInfluencersStream()
    {
        await using var h = await ReceiverHarness.StartAsync();
        var ids = await h.PublishAsync("alpha", 10);
        var receiver = h.NewReceiver();
        await receiver.Initialize(TimeSpan.FromSeconds(5));

        var batch = await receiver.GetQueueMessagesAsync(100);

        batch.Count.ShouldBe(10);
        batch.Select(b => b.StreamId).Distinct().ShouldBe([StreamId.Create(PerceptionNames.StatusTopic, "alpha")]);
        var events = batch.SelectMany(b => b.GetEvents<StatusEvent>()).Select(t => t.Item1).ToList();
        events.Select(e => e.EventId).ShouldBe(ids);
        events.ShouldAllBe(e => e.Provenance == new AdapterProvenance(TestKeys.Any.AdapterId, TestKeys.Any.KeyId));
        batch.Select(b => b.SequenceToken).ShouldBeInOrder();
    }

    [Fact]
    public async Task Receiver_DeadLettersBadEntriesWithTheirReasonAndAcksThem_AndDeliversTheValidOnesBehind()
    {
        await using var h = await ReceiverHarness.StartAsync();
        var key = h.Address.Key;
        var now = h.Clock.GetUtcNow();
        await h.Transport.PublishAsync(TestEvents.Signed("alpha", "good-1", now), "alpha");
        var forged = TestEvents.Signed("alpha", "forged", now) with { Signature = TestEvents.Signed("alpha", "other", now).Signature };
        await h.Transport.PublishAsync(forged, "alpha");
        var garbage = HmacStatusSigner.CreateEntry(TestKeys.Any, "{not json"u8.ToArray());
        await h.Transport.PublishAsync(garbage, "alpha");
        var noEvent = await h.Db.StreamAddAsync(key, [new NameValueEntry("adapter", "x")]);
        await h.Transport.PublishAsync(TestEvents.Signed("alpha", "unsigned", now) with { Signature = null }, "alpha");
        await h.Transport.PublishAsync(TestEvents.Signed("alpha", "good-2", now.AddMilliseconds(1)), "alpha");
        var receiver = h.NewReceiver();
        await receiver.Initialize(TimeSpan.FromSeconds(5));

        var batch = await receiver.GetQueueMessagesAsync(100);

        batch.SelectMany(b => b.GetEvents<StatusEvent>()).Select(t => t.Item1.EventId).ShouldBe(["good-1", "good-2"]);
        var letters = await h.Db.StreamRangeAsync(PerceptionNames.DeadLetterTopic);
        letters.Select(l => (string?)l["reason"]).ShouldBe([RejectCodes.BadSignature, RejectCodes.MalformedJson, RejectCodes.MalformedEntry, RejectCodes.Unsigned]);
        var malformed = letters[2];
        ((string?)malformed["origin"]).ShouldBe($"{key}/{noEvent}");
        ((string?)malformed["adapter"]).ShouldBe("x");
        ((string?)malformed["rejected_at"]).ShouldNotBeNullOrEmpty();
        using var violations = JsonDocument.Parse((string)malformed["violations"]!);
        violations.RootElement.EnumerateArray().Single().GetProperty("code").GetString().ShouldBe(RejectCodes.MalformedEntry);
        ((byte[]?)letters[1]["event"]).ShouldBe("{not json"u8.ToArray());
        var pending = await h.Db.StreamPendingAsync(key, h.Address.Group);
        pending.PendingMessageCount.ShouldBe(2); // only the two valid entries await the grain
    }

    [Fact]
    public async Task Receiver_AcksAnEntryOnlyWhenTheAgentReportsItDelivered()
    {
        await using var h = await ReceiverHarness.StartAsync();
        await h.PublishAsync("alpha", 5);
        var receiver = h.NewReceiver();
        await receiver.Initialize(TimeSpan.FromSeconds(5));
        var batch = await receiver.GetQueueMessagesAsync(100);
        (await h.Db.StreamPendingAsync(h.Address.Key, h.Address.Group)).PendingMessageCount.ShouldBe(5);

        await receiver.MessagesDeliveredAsync([batch[0], batch[1]]);

        var pending = await h.Db.StreamPendingAsync(h.Address.Key, h.Address.Group);
        pending.PendingMessageCount.ShouldBe(3);
        pending.LowestPendingMessageId.ShouldBe(((StatusBatchContainer)batch[2]).EntryId);
    }

    [Fact]
    public async Task NewReceiverOfTheQueue_RereadsTheDeadOwnersPendingEntries_ThenOnlyNewOnes()
    {
        await using var h = await ReceiverHarness.StartAsync();
        await h.PublishAsync("alpha", 5);
        var dead = h.NewReceiver();
        await dead.Initialize(TimeSpan.FromSeconds(5));
        var first = await dead.GetQueueMessagesAsync(100);
        await dead.MessagesDeliveredAsync([first[0], first[1]]);
        // The silo dies here: no shutdown, nothing more acked.

        var successor = h.NewReceiver();
        await successor.Initialize(TimeSpan.FromSeconds(5));
        var resumed = await successor.GetQueueMessagesAsync(100);
        resumed.SelectMany(b => b.GetEvents<StatusEvent>()).Select(t => t.Item1.EventId).ShouldBe(["e-2", "e-3", "e-4"]);

        (await successor.GetQueueMessagesAsync(100)).ShouldBeEmpty(); // pending list drained
        await h.PublishAsync("alpha", 1, prefix: "new");
        var fresh = await successor.GetQueueMessagesAsync(100);
        fresh.SelectMany(b => b.GetEvents<StatusEvent>()).Select(t => t.Item1.EventId).ShouldBe(["new-0"]);
    }

    [Fact]
    public async Task Receiver_WhenRedisRestarts_BacksOffAndResumesWithoutLosingOrSkippingEntries()
    {
        await using var h = await ReceiverHarness.StartAsync();
        await h.PublishAsync("alpha", 3, prefix: "before");
        var receiver = h.NewReceiver();
        await receiver.Initialize(TimeSpan.FromSeconds(5));
        var before = await receiver.GetQueueMessagesAsync(100);
        before.Count.ShouldBe(3);

        h.Server.Stop();
        (await receiver.GetQueueMessagesAsync(100)).ShouldBeEmpty(); // outage: no exception reaches the agent
        await h.Server.StartAgainAsync();
        await h.PublishAsync("alpha", 3, prefix: "after");
        h.Clock.Advance(h.Options.MaxBackoff);

        var after = await ReadUntilAsync(receiver, 3);
        after.SelectMany(b => b.GetEvents<StatusEvent>()).Select(t => t.Item1.EventId).ShouldBe(["after-0", "after-1", "after-2"]);
        await receiver.MessagesDeliveredAsync([.. before, .. after]);
        (await h.Db.StreamPendingAsync(h.Address.Key, h.Address.Group)).PendingMessageCount.ShouldBe(0);
    }

    [Fact]
    public async Task Trimming_NeverRemovesUndeliveredOrUnackedEntries_AndBoundsTheBufferToTheRetentionWindow()
    {
        await using var h = await ReceiverHarness.StartAsync();
        var key = h.Address.Key;
        var old = h.Clock.GetUtcNow() - TimeSpan.FromMinutes(20);
        for (var i = 0; i < 5; i++)
        {
            await h.Db.StreamAddAsync(key, SignedEntryCodec.ToFields(TestEvents.Signed("alpha", $"old-{i}", old)), messageId: $"{old.ToUnixTimeMilliseconds()}-{i}");
        }

        await h.PublishAsync("alpha", 5, prefix: "recent"); // ids at the real current time: inside the window
        var receiver = h.NewReceiver();
        await receiver.Initialize(TimeSpan.FromSeconds(5));
        var retainFrom = DateTimeOffset.UtcNow - h.Options.RetentionWindow;

        (await PartitionTrimmer.TrimAsync(h.Db, key, retainFrom)).ShouldBe(0); // nothing delivered yet
        var batch = await receiver.GetQueueMessagesAsync(100);
        batch.Count.ShouldBe(5); // the old entries are outside the replay window: dead-lettered and acked
        (await PartitionTrimmer.TrimAsync(h.Db, key, retainFrom)).ShouldBe(5);
        (await h.Db.StreamLengthAsync(key)).ShouldBe(5);

        (await PartitionTrimmer.TrimAsync(h.Db, key, DateTimeOffset.UtcNow.AddMinutes(1))).ShouldBe(0); // all five are pending
        await receiver.MessagesDeliveredAsync([batch[0], batch[1]]);
        (await PartitionTrimmer.TrimAsync(h.Db, key, DateTimeOffset.UtcNow.AddMinutes(1))).ShouldBe(2);
        var left = await h.Db.StreamRangeAsync(key);
        left.Select(e => e.Id).ShouldBe(batch.Skip(2).Select(b => ((StatusBatchContainer)b).EntryId));
    }

    private static async Task<IList<IBatchContainer>> ReadUntilAsync(StatusQueueReceiver receiver, int count)
    {
        // Reconnecting to the restarted server is an external process: poll with a bounded deadline.
        var result = new List<IBatchContainer>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (result.Count < count && DateTime.UtcNow < deadline)
        {
            result.AddRange(await receiver.GetQueueMessagesAsync(100));
            if (result.Count < count)
            {
                await Task.Delay(50);
            }
        }

        return result;
    }
}
