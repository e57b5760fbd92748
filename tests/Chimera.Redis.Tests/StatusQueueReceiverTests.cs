using System.Text.Json;
using Chimera.Contracts.Model;
using Chimera.Contracts.Provenance;
using Chimera.Contracts.Spec;
using Chimera.Contracts.Validation;
using Chimera.Redis.Streams;
using Chimera.Testing;
using Orleans.Streams;
using StackExchange.Redis;

namespace Chimera.Redis.Tests;

[Trait(TestCategories.Name, TestCategories.Redis)]
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
        await h.Transport.PublishAsync(StatusEvents.Signed("alpha", "good-1", now), "alpha");
        var forged = StatusEvents.Signed("alpha", "forged", now) with { Signature = StatusEvents.Signed("alpha", "other", now).Signature };
        await h.Transport.PublishAsync(forged, "alpha");
        var garbage = HmacStatusSigner.CreateEntry(TestKeys.Any, "{not json"u8.ToArray());
        await h.Transport.PublishAsync(garbage, "alpha");
        var noEvent = await h.Db.StreamAddAsync(key, [new NameValueEntry("adapter", "x")]);
        await h.Transport.PublishAsync(StatusEvents.Signed("alpha", "unsigned", now) with { Signature = null }, "alpha");
        await h.Transport.PublishAsync(StatusEvents.Signed("alpha", "good-2", now.AddMilliseconds(1)), "alpha");
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
    public async Task Receiver_NeverAcksOnDelivery_TheConsumerAcksOnceTheEffectsAreDurable()
    {
        await using var h = await ReceiverHarness.StartAsync();
        await h.PublishAsync("alpha", 5);
        var receiver = h.NewReceiver();
        await receiver.Initialize(TimeSpan.FromSeconds(5));
        var batch = await receiver.GetQueueMessagesAsync(100);
        (await h.Db.StreamPendingAsync(h.Address.Key, h.Address.Group)).PendingMessageCount.ShouldBe(5);

        // The cache releasing entries means every cursor passed them: delivered, not durable (spec §2.3).
        await receiver.MessagesDeliveredAsync([.. batch]);
        (await h.Db.StreamPendingAsync(h.Address.Key, h.Address.Group)).PendingMessageCount.ShouldBe(5);

        await h.AcknowledgeAsync([batch[0], batch[1]]);

        var pending = await h.Db.StreamPendingAsync(h.Address.Key, h.Address.Group);
        pending.PendingMessageCount.ShouldBe(3);
        pending.LowestPendingMessageId.ShouldBe(((StatusBatchContainer)batch[2]).EntryId);
    }

    [Fact]
    public async Task Reclaim_RedeliversWhatNoConsumerAcknowledgedPastTheAckTimeout_ButNeverWhatTheCacheStillHolds()
    {
        await using var h = await ReceiverHarness.StartAsync();
        await h.PublishAsync("alpha", 4);
        var receiver = h.NewReceiver();
        await receiver.Initialize(TimeSpan.FromSeconds(5));
        var batch = await receiver.GetQueueMessagesAsync(100);
        batch.Count.ShouldBe(4);

        // e-0 and e-1: delivered and acknowledged. e-2: delivered, its consumer's silo died before durability.
        // e-3: still in the cache (its grain is slow), so it must not be handed on twice.
        await receiver.MessagesDeliveredAsync([batch[0], batch[1], batch[2]]);
        await h.AcknowledgeAsync([batch[0], batch[1]]);

        var again = await Eventually.ReturnsAsync(async () =>
        {
            h.Clock.Advance(h.Options.AckTimeout); // the receiver's reclaim schedule runs on the pulling agent's clock
            return await receiver.GetQueueMessagesAsync(100);
        }, b => b.Count > 0, "the unacknowledged entry to be delivered again");

        again.SelectMany(b => b.GetEvents<StatusEvent>()).Select(t => t.Item1.EventId).ShouldBe(["e-2"]);
        receiver.InCache.ShouldBe(2); // e-3 as before, and e-2 again
        var pending = await h.Db.StreamPendingMessagesAsync(h.Address.Key, h.Address.Group, 10, h.Address.Consumer);
        pending.Single(p => p.MessageId == ((StatusBatchContainer)batch[2]).EntryId).DeliveryCount.ShouldBe(2);
        pending.Single(p => p.MessageId == ((StatusBatchContainer)batch[3]).EntryId).DeliveryCount.ShouldBe(1);
    }

    [Fact]
    public async Task Reclaim_DeadLettersAnEntryDeliveredMoreOftenThanTheOutageWindowAllows()
    {
        await using var h = await ReceiverHarness.StartAsync();
        await h.PublishAsync("alpha", 1);
        var receiver = h.NewReceiver(maxDeliveries: 2);
        await receiver.Initialize(TimeSpan.FromSeconds(5));
        var first = await receiver.GetQueueMessagesAsync(100);
        await receiver.MessagesDeliveredAsync(first);

        async Task<IList<Orleans.Streams.IBatchContainer>> ReclaimedAsync() => await Eventually.ReturnsAsync(async () =>
        {
            h.Clock.Advance(h.Options.AckTimeout);
            return await receiver.GetQueueMessagesAsync(100);
        }, b => b.Count > 0, "a re-delivery");

        var second = await ReclaimedAsync(); // delivery 2
        await receiver.MessagesDeliveredAsync(second);

        // A third delivery would exceed the bound: the receiver dead-letters and acks the entry instead of re-reading it forever.
        await Eventually.TrueAsync(async () =>
        {
            h.Clock.Advance(h.Options.AckTimeout);
            (await receiver.GetQueueMessagesAsync(100)).ShouldBeEmpty();
            return (await h.Db.StreamPendingAsync(h.Address.Key, h.Address.Group)).PendingMessageCount == 0;
        }, "the over-delivered entry to be dead-lettered and acknowledged");
        var letter = (await h.Db.StreamRangeAsync(PerceptionNames.DeadLetterTopic)).ShouldHaveSingleItem();
        ((string?)letter["reason"]).ShouldBe(RejectCodes.DeliveryFailed);
        ((string?)letter["origin"]).ShouldBe($"{h.Address.Key}/{((StatusBatchContainer)first[0]).EntryId}");
        ((byte[]?)letter["event"]).ShouldNotBeNull();
    }

    [Fact]
    public async Task AfterASiloIsDeclaredDead_EveryDeliveredButUnacknowledgedEntryIsRedeliveredAtOnce()
    {
        await using var h = await ReceiverHarness.StartAsync();
        h.Options.AckTimeout = TimeSpan.FromHours(1); // only the death may trigger the re-delivery here
        await h.PublishAsync("alpha", 3);
        var receiver = h.NewReceiver();
        await receiver.Initialize(TimeSpan.FromSeconds(5));
        var batch = await receiver.GetQueueMessagesAsync(100);
        await receiver.MessagesDeliveredAsync(batch);
        await h.AcknowledgeAsync([batch[0]]);
        (await receiver.GetQueueMessagesAsync(100)).ShouldBeEmpty();

        h.Deaths.NoteDeath();

        var again = await receiver.GetQueueMessagesAsync(100);
        again.SelectMany(b => b.GetEvents<StatusEvent>()).Select(t => t.Item1.EventId).ShouldBe(["e-1", "e-2"]);
        (await receiver.GetQueueMessagesAsync(100)).ShouldBeEmpty(); // once per death
    }

    [Fact]
    public async Task ARedeliveredEntry_IsJudgedByTheReplayWindowFromWhenItEnteredTheStream_ANewOneFromNow()
    {
        await using var h = await ReceiverHarness.StartAsync();
        var sent = h.Clock.GetUtcNow();
        var id = await h.Db.StreamAddAsync(h.Address.Key, SignedEntryCodec.ToFields(StatusEvents.Signed("alpha", "during-outage", sent)), messageId: $"{sent.ToUnixTimeMilliseconds()}-0");
        var receiver = h.NewReceiver();
        await receiver.Initialize(TimeSpan.FromSeconds(5));
        (await receiver.GetQueueMessagesAsync(100)).Count.ShouldBe(1); // delivered; its consumer never got it durable

        // Twelve minutes later (PostgreSQL was down, longer than the 10-minute replay window) the queue's next owner
        // re-reads its pending list: the entry is still valid, because it entered the stream inside the window.
        h.Clock.Advance(TimeSpan.FromMinutes(12));
        var successor = h.NewReceiver();
        await successor.Initialize(TimeSpan.FromSeconds(5));
        var resumed = await successor.GetQueueMessagesAsync(100);
        resumed.SelectMany(b => b.GetEvents<StatusEvent>()).Select(t => t.Item1.EventId).ShouldBe(["during-outage"]);
        (await h.Db.StreamLengthAsync(PerceptionNames.DeadLetterTopic)).ShouldBe(0);

        // A new entry with the same old event is still a replay.
        await h.Transport.PublishAsync(StatusEvents.Signed("alpha", "replayed", sent), "alpha");
        (await successor.GetQueueMessagesAsync(100)).ShouldBeEmpty();
        var letter = (await h.Db.StreamRangeAsync(PerceptionNames.DeadLetterTopic)).ShouldHaveSingleItem();
        ((string?)letter["reason"]).ShouldBe(RejectCodes.OutsideReplayWindow);
        id.IsNull.ShouldBeFalse();
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

        // The back-off, observed: Redis is back and holds three new entries, yet until the receiver's clock passes the
        // retry time it does not read (the clock stands still, so this cannot depend on how fast the box is).
        (await receiver.GetQueueMessagesAsync(100)).ShouldBeEmpty("read during the back-off");
        (await receiver.GetQueueMessagesAsync(100)).ShouldBeEmpty("read during the back-off, again");
        (await h.Db.StreamLengthAsync(h.Address.Key)).ShouldBe(6);
        h.Clock.Advance(h.Options.MaxBackoff);

        var after = await ReadUntilAsync(h, receiver, 3);
        after.SelectMany(b => b.GetEvents<StatusEvent>()).Select(t => t.Item1.EventId).ShouldBe(["after-0", "after-1", "after-2"]);
        await receiver.MessagesDeliveredAsync([.. before, .. after]);
        await h.AcknowledgeAsync([.. before, .. after]);
        (await h.Db.StreamPendingAsync(h.Address.Key, h.Address.Group)).PendingMessageCount.ShouldBe(0);
    }

    [Fact]
    public async Task Trimming_NeverRemovesUndeliveredOrUnackedEntries_AndBoundsTheBufferToTheRetentionWindow()
    {
        await using var h = await ReceiverHarness.StartAsync();
        var key = h.Address.Key;
        // Two clocks, kept apart: an event's timestamp is domain time (the harness's fake clock decides the replay
        // window), while a stream id is the Redis server's real clock, which trimming compares with real time. The old
        // entries are 20 minutes old on both, so the test does not depend on today's date.
        var oldStamp = h.Clock.GetUtcNow() - TimeSpan.FromMinutes(20);
        var oldId = DateTimeOffset.UtcNow - TimeSpan.FromMinutes(20);
        for (var i = 0; i < 5; i++)
        {
            await h.Db.StreamAddAsync(key, SignedEntryCodec.ToFields(StatusEvents.Signed("alpha", $"old-{i}", oldStamp)), messageId: $"{oldId.ToUnixTimeMilliseconds()}-{i}");
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
        await h.AcknowledgeAsync([batch[0], batch[1]]);
        (await PartitionTrimmer.TrimAsync(h.Db, key, DateTimeOffset.UtcNow.AddMinutes(1))).ShouldBe(2);
        var left = await h.Db.StreamRangeAsync(key);
        left.Select(e => e.Id).ShouldBe(batch.Skip(2).Select(b => ((StatusBatchContainer)b).EntryId));
    }

    private static async Task<IList<IBatchContainer>> ReadUntilAsync(ReceiverHarness h, StatusQueueReceiver receiver, int count)
    {
        // Reconnecting to the restarted server is an external process: poll with a bounded deadline. A read that meets
        // the connection not yet re-established backs off again, so each empty read lets the receiver's clock pass the
        // longest back-off; the entries must then come, in order, with none lost or repeated.
        var result = new List<IBatchContainer>();
        await Eventually.TrueAsync(async () =>
        {
            result.AddRange(await receiver.GetQueueMessagesAsync(100));
            if (result.Count < count)
            {
                h.Clock.Advance(h.Options.MaxBackoff);
            }

            return result.Count >= count;
        }, $"the receiver to read {count} entries after the restart", TimeSpan.FromSeconds(30));
        return result;
    }
}
