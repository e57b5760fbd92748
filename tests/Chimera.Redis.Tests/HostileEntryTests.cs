using System.Text;
using System.Text.Json;
using Chimera.Contracts.Model;
using Chimera.Contracts.Provenance;
using Chimera.Contracts.Spec;
using Chimera.Contracts.Validation;
using Chimera.Contracts.Wire;
using Chimera.Core.Ingress;
using Chimera.Redis.Streams;
using Chimera.Testing;
using StackExchange.Redis;

namespace Chimera.Redis.Tests;

/// <summary>
/// Spec §8.5 on one real partition: whatever one entry is, it is dead-lettered once or delivered once, the entries
/// behind it go on, and no batch is read again. Each test puts the hostile entry between two valid ones.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Redis)]
public sealed class HostileEntryTests
{
    /// <summary>A valid signed event of alpha whose current_task is the text <c>TASK</c>, so tests can splice raw JSON in.</summary>
    private static string EventJson(ReceiverHarness h, string eventId) =>
        Encoding.UTF8.GetString(StatusEventJson.Encode(StatusEvents.Create("alpha", h.Clock.GetUtcNow(), eventId: eventId) with { CurrentTask = "TASK" }));

    private static SignedStatusEntry SignedJson(string json) => HmacStatusSigner.CreateEntry(TestKeys.Any, Encoding.UTF8.GetBytes(json));

    private static async Task<RedisValue> AddAsync(ReceiverHarness h, params NameValueEntry[] fields) => await h.Db.StreamAddAsync(h.Address.Key, fields);

    private static Task<RedisValue> AddSignedAsync(ReceiverHarness h, SignedStatusEntry entry) => AddAsync(h, SignedEntryCodec.ToFields(entry));

    /// <summary>Valid "before", the hostile entry, valid "after"; reads until both valid ones are out; returns the event ids and the letters.</summary>
    private static async Task<(List<string> Delivered, StreamEntry[] Letters, ObservedGate Gate)> RunAsync(ReceiverHarness h, Func<Task> addHostile)
    {
        await AddSignedAsync(h, SignedJson(EventJson(h, "before")));
        await addHostile();
        await AddSignedAsync(h, StatusEvents.Signed("alpha", "after", h.Clock.GetUtcNow().AddMilliseconds(1)));
        var gate = new ObservedGate(h.Gate);
        var receiver = h.NewReceiver(gate);
        await receiver.Initialize(TimeSpan.FromSeconds(5));

        var batch = await receiver.GetQueueMessagesAsync(100);
        var again = await receiver.GetQueueMessagesAsync(100);

        again.ShouldBeEmpty("the batch was read again");
        await receiver.MessagesDeliveredAsync(batch);
        await h.AcknowledgeAsync(batch); // as the consumers do once durable (spec §2.3); rejected entries the receiver acked itself
        (await h.Db.StreamPendingAsync(h.Address.Key, h.Address.Group)).PendingMessageCount.ShouldBe(0, "an entry is still pending");
        gate.Reads.Values.ShouldAllBe(n => n == 1, "an entry passed the gate more than once");
        var delivered = batch.SelectMany(b => b.GetEvents<StatusEvent>()).Select(t => t.Item1.EventId).ToList();
        return (delivered, await h.Db.StreamRangeAsync(PerceptionNames.DeadLetterTopic), gate);
    }

    [Theory]
    [InlineData("\"\\ud800\"", RejectCodes.MalformedJson)]
    [InlineData("\"\\udc00\\ud800\"", RejectCodes.MalformedJson)]
    [InlineData("\"render\\u0000clip\"", RejectCodes.ControlCharacter)]
    [InlineData("{\"step\": \"a\\u001bb\"}", RejectCodes.ControlCharacter)]
    [InlineData("{\"a\": 1, \"a\": 2}", RejectCodes.DuplicateKey)]
    public async Task SignedEventWithHostileText_IsDeadLetteredOnce_AndTheEntriesBehindItAreDelivered(string task, string code)
    {
        await using var h = await ReceiverHarness.StartAsync();

        var (delivered, letters, _) = await RunAsync(h, () => AddSignedAsync(h, SignedJson(EventJson(h, "hostile").Replace("\"TASK\"", task, StringComparison.Ordinal))));

        delivered.ShouldBe(["before", "after"]);
        ((string?)letters.ShouldHaveSingleItem()[DeadLetters.ReasonField]).ShouldBe(code);
    }

    [Fact]
    public async Task InvalidUtf8Event_IsDeadLetteredWithItsBytesUnchanged()
    {
        await using var h = await ReceiverHarness.StartAsync();
        var bytes = Encoding.UTF8.GetBytes(EventJson(h, "hostile").Replace("TASK", "\u0001", StringComparison.Ordinal));
        bytes[Array.IndexOf(bytes, (byte)0x01)] = 0xFF;

        var (delivered, letters, _) = await RunAsync(h, () => AddSignedAsync(h, HmacStatusSigner.CreateEntry(TestKeys.Any, bytes)));

        delivered.ShouldBe(["before", "after"]);
        var letter = letters.ShouldHaveSingleItem();
        ((string?)letter[DeadLetters.ReasonField]).ShouldBe(RejectCodes.MalformedJson);
        ((byte[]?)letter[SignedEntryFields.Event]).ShouldBe(bytes);
    }

    [Fact]
    public async Task AdmissionThatThrows_DeadLettersOnlyThatEntry_AsInternalErrorWithTheExceptionType()
    {
        await using var h = await ReceiverHarness.StartAsync();

        var (delivered, letters, _) = await RunAsync(h, () => AddSignedAsync(h, SignedJson(EventJson(h, "hostile").Replace("TASK", ObservedGate.PoisonMarker, StringComparison.Ordinal))));

        delivered.ShouldBe(["before", "after"]);
        var letter = letters.ShouldHaveSingleItem();
        ((string?)letter[DeadLetters.ReasonField]).ShouldBe(RejectCodes.InternalError);
        using var violations = JsonDocument.Parse((string)letter[DeadLetters.ViolationsField]!);
        violations.RootElement[0].GetProperty("message").GetString()!.ShouldContain("System.InvalidOperationException");
    }

    [Fact]
    public async Task EventFieldGivenTwice_IsDuplicateKey_NeitherCopyIsRead()
    {
        await using var h = await ReceiverHarness.StartAsync();
        var good = StatusEvents.Signed("alpha", "twice", h.Clock.GetUtcNow());

        var (delivered, letters, gate) = await RunAsync(h, () => AddAsync(h, [.. SignedEntryCodec.ToFields(good), new NameValueEntry(SignedEntryFields.Event, "{}")]));

        delivered.ShouldBe(["before", "after"]);
        var letter = letters.ShouldHaveSingleItem();
        ((string?)letter[DeadLetters.ReasonField]).ShouldBe(RejectCodes.DuplicateKey);
        letter.Values.Count(v => v.Name == SignedEntryFields.Event).ShouldBe(2); // both kept as received
        gate.Reads.Count.ShouldBe(2); // only the two valid entries reached the gate
    }

    [Fact]
    public async Task OversizedEvent_IsRejectedBeforeTheGate_AndItsLetterKeepsOnlyTheFirst16KiB()
    {
        await using var h = await ReceiverHarness.StartAsync();
        var huge = new byte[1 << 20];
        huge.AsSpan().Fill((byte)'x');

        var (delivered, letters, gate) = await RunAsync(h, () => AddAsync(h, new NameValueEntry(SignedEntryFields.Event, huge), new NameValueEntry(SignedEntryFields.Adapter, "x")));

        delivered.ShouldBe(["before", "after"]);
        gate.Reads.Count.ShouldBe(2);
        var letter = letters.ShouldHaveSingleItem();
        ((string?)letter[DeadLetters.ReasonField]).ShouldBe(RejectCodes.Oversized);
        ((byte[]?)letter[SignedEntryFields.Event])!.Length.ShouldBe(StatusLimits.MaxEventBytes);
        ((string?)letter[DeadLetters.TruncatedField]).ShouldBe("'event' cut from 1048576 to 16384 bytes");
    }

    [Fact]
    public async Task EntryWithAThousandFields_IsDeadLetteredWithSixteenOfThem_AndSaysSo()
    {
        await using var h = await ReceiverHarness.StartAsync();
        var fields = Enumerable.Range(0, 1000).Select(i => new NameValueEntry($"f{i}", i)).ToArray();

        var (delivered, letters, _) = await RunAsync(h, () => AddAsync(h, fields));

        delivered.ShouldBe(["before", "after"]);
        var letter = letters.ShouldHaveSingleItem();
        ((string?)letter[DeadLetters.ReasonField]).ShouldBe(RejectCodes.MalformedEntry);
        letter.Values.Count(v => ((string?)v.Name)!.StartsWith('f')).ShouldBe(DeadLetters.MaxOriginalFields);
        ((string?)letter[DeadLetters.TruncatedField])!.ShouldContain("984 of 1000 original fields left out");
    }

    [Fact]
    public async Task OriginalFieldNamedLikeALetterField_IsLeftOut_SoTheLetterHasOneReason()
    {
        await using var h = await ReceiverHarness.StartAsync();

        var (_, letters, _) = await RunAsync(h, () => AddAsync(h, new NameValueEntry("reason", "all good"), new NameValueEntry("origin", "elsewhere")));

        var letter = letters.ShouldHaveSingleItem();
        letter.Values.Count(v => v.Name == DeadLetters.ReasonField).ShouldBe(1);
        ((string?)letter[DeadLetters.ReasonField]).ShouldBe(RejectCodes.MalformedEntry);
        ((string?)letter[DeadLetters.OriginField]).ShouldStartWith(PerceptionNames.StatusTopic);
    }

    [Fact]
    public async Task BinaryFieldNames_AreIgnored_AndKeptAsBytesInALetter()
    {
        await using var h = await ReceiverHarness.StartAsync();
        var binary = new byte[] { 0xFF, 0x00, 0xFE };

        var (_, letters, _) = await RunAsync(h, () => AddAsync(h, new NameValueEntry(binary, "v"), new NameValueEntry(SignedEntryFields.Adapter, "x")));

        var letter = letters.ShouldHaveSingleItem();
        ((string?)letter[DeadLetters.ReasonField]).ShouldBe(RejectCodes.MalformedEntry);
        letter.Values.ShouldContain(v => ((byte[])v.Name!).SequenceEqual(binary));
    }

    [Fact]
    public async Task OverlongAdapterId_IsMalformedEntry_AndItsLetterIsBounded()
    {
        await using var h = await ReceiverHarness.StartAsync();
        var good = StatusEvents.Signed("alpha", "long-adapter", h.Clock.GetUtcNow());

        var (_, letters, gate) = await RunAsync(h, () => AddSignedAsync(h, good with { AdapterId = new string('a', 100_000) }));

        var letter = letters.ShouldHaveSingleItem();
        ((string?)letter[DeadLetters.ReasonField]).ShouldBe(RejectCodes.MalformedEntry);
        ((byte[]?)letter[SignedEntryFields.Adapter])!.Length.ShouldBe(DeadLetters.MaxFieldValueBytes);
        gate.Reads.Count.ShouldBe(2);
    }

    [Fact]
    public async Task EmptySignature_IsUnsigned()
    {
        await using var h = await ReceiverHarness.StartAsync();

        var (_, letters, _) = await RunAsync(h, () => AddSignedAsync(h, StatusEvents.Signed("alpha", "nosig", h.Clock.GetUtcNow()) with { Signature = "" }));

        ((string?)letters.ShouldHaveSingleItem()[DeadLetters.ReasonField]).ShouldBe(RejectCodes.Unsigned);
    }

    [Theory]
    [InlineData(2147483648UL)]
    [InlineData(9223372036854775807UL)]
    public async Task EntryIdsWithA64BitSequence_AreDeliveredInOrderAndAcked(ulong sequence)
    {
        await using var h = await ReceiverHarness.StartAsync();
        var ms = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 1000;
        await h.Db.StreamAddAsync(h.Address.Key, SignedEntryCodec.ToFields(StatusEvents.Signed("alpha", "crafted", h.Clock.GetUtcNow())), messageId: $"{ms}-{sequence}");
        var later = await h.PublishAsync("alpha", 3, prefix: "later"); // '*' ids: same ms, sequence + 1, + 2, ...
        var receiver = h.NewReceiver();
        await receiver.Initialize(TimeSpan.FromSeconds(5));

        var batch = await receiver.GetQueueMessagesAsync(100);

        batch.SelectMany(b => b.GetEvents<StatusEvent>()).Select(t => t.Item1.EventId).ShouldBe(["crafted", .. later]);
        batch.Select(b => b.SequenceToken).ShouldBeInOrder();
        ((RedisEntryToken)batch[1].SequenceToken).EntryId.ShouldBe($"{ms}-{sequence + 1}");
        await receiver.MessagesDeliveredAsync(batch);
        await h.AcknowledgeAsync(batch);
        (await h.Db.StreamPendingAsync(h.Address.Key, h.Address.Group)).PendingMessageCount.ShouldBe(0);
    }

    [Fact]
    public async Task AfterAFutureStampedId_TrimmingStillRemovesEverythingDeliveredAndAcked()
    {
        await using var h = await ReceiverHarness.StartAsync();
        await h.PublishAsync("alpha", 3, prefix: "old");
        await h.Db.StreamAddAsync(h.Address.Key, SignedEntryCodec.ToFields(StatusEvents.Signed("alpha", "crafted", h.Clock.GetUtcNow())), messageId: "4102444800000-2147483647");
        await h.PublishAsync("alpha", 5, prefix: "new"); // every '*' id is now 4102444800000-2147483648 and up
        var receiver = h.NewReceiver();
        await receiver.Initialize(TimeSpan.FromSeconds(5));
        var batch = await receiver.GetQueueMessagesAsync(100);
        batch.Count.ShouldBe(9);
        await receiver.MessagesDeliveredAsync(batch);
        await h.AcknowledgeAsync(batch);

        var trimmed = await PartitionTrimmer.TrimAsync(h.Db, h.Address.Key, DateTimeOffset.UtcNow - h.Options.RetentionWindow);

        trimmed.ShouldBe(8); // all but the last delivered entry, which MINID keeps as the bound
        (await h.Db.StreamRangeAsync(h.Address.Key)).ShouldHaveSingleItem().Id.ShouldBe(((StatusBatchContainer)batch[^1]).EntryId);
    }

    [Fact]
    public void StreamEntryIds_ParseEveryIdRedisAccepts()
    {
        StreamEntryIds.TryParse("18446744073709551615-18446744073709551615", out var ms, out var seq).ShouldBeTrue();
        ms.ShouldBe(ulong.MaxValue);
        seq.ShouldBe(ulong.MaxValue);
        StreamEntryIds.Compare("18446744073709551615-0", "9223372036854775807-9").ShouldBeGreaterThan(0);
        StreamEntryIds.TryToToken("18446744073709551615-18446744073709551615")!.EntryId.ShouldBe("18446744073709551615-18446744073709551615");
        StreamEntryIds.FromToken(new RedisEntryToken(5, 1UL << 40)).ShouldBe("5-1099511627776");
        new RedisEntryToken(1, uint.MaxValue + 1UL).CompareTo(new RedisEntryToken(1, uint.MaxValue)).ShouldBeGreaterThan(0);
        new RedisEntryToken(2, 0).Equals(new RedisEntryToken(2, 0)).ShouldBeTrue();
    }
}
