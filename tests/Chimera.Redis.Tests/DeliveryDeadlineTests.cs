using System.Text.Json;
using Chimera.Contracts.Spec;
using Chimera.Contracts.Validation;
using Chimera.Redis.Streams;
using Chimera.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chimera.Redis.Tests;

/// <summary>
/// Spec §8.1 <c>delivery_failed</c>, the path the other tests do not take: the consuming grain failed past the pulling
/// agent's delivery deadline, so Orleans calls the stream failure handler. The entry is dead-lettered with its original
/// fields and only then acknowledged — unless the silo is stopping, when it is left pending for the next owner.
/// (The outage-window path: PostgresOutageTests; the delivery cap: StatusQueueReceiverTests.)
/// </summary>
[Trait(TestCategories.Name, TestCategories.Redis)]
public sealed class DeliveryDeadlineTests
{
    [Fact]
    public async Task An_event_given_up_after_the_delivery_deadline_is_dead_lettered_as_delivery_failed_then_acknowledged()
    {
        await using var h = await ReceiverHarness.StartAsync();
        await h.PublishAsync("alpha", 2);
        var receiver = h.NewReceiver();
        await receiver.Initialize(TimeSpan.FromSeconds(5));
        var batch = await receiver.GetQueueMessagesAsync(100);
        batch.Count.ShouldBe(2);
        var entryId = ((StatusBatchContainer)batch[0]).EntryId;
        var original = (await h.Db.StreamRangeAsync(h.Address.Key, entryId, entryId)).Single();
        var handler = new DeadLetterFailureHandler(h.Address, h.Redis, h.DeadLetters, h.Clock, CancellationToken.None, NullLogger.Instance);

        await handler.OnDeliveryFailure(GuidId.GetNewGuidId(), "chimera", StreamId.Create(PerceptionNames.StatusTopic, "alpha"), batch[0].SequenceToken);

        var letter = (await h.Db.StreamRangeAsync(PerceptionNames.DeadLetterTopic)).ShouldHaveSingleItem();
        ((string?)letter["reason"]).ShouldBe(RejectCodes.DeliveryFailed);
        ((string?)letter["origin"]).ShouldBe($"{h.Address.Key}/{entryId}");
        ((byte[]?)letter["event"]).ShouldBe((byte[]?)original["event"], "the original event, byte for byte");
        ((string?)letter["sig"]).ShouldBe((string?)original["sig"]);
        var violation = JsonDocument.Parse((string)letter["violations"]!).RootElement.EnumerateArray().ShouldHaveSingleItem();
        violation.GetProperty("path").GetString().ShouldBe("$stream");
        violation.GetProperty("code").GetString().ShouldBe(RejectCodes.DeliveryFailed);
        violation.GetProperty("message").GetString()!.ShouldContain("delivery deadline");

        // Released: only the other entry is still pending.
        var pending = await h.Db.StreamPendingMessagesAsync(h.Address.Key, h.Address.Group, 10, h.Address.Consumer);
        pending.Select(p => p.MessageId).ShouldBe([((StatusBatchContainer)batch[1]).EntryId]);
    }

    [Fact]
    public async Task A_delivery_that_failed_because_the_silo_is_stopping_is_left_pending_and_not_dead_lettered()
    {
        await using var h = await ReceiverHarness.StartAsync();
        await h.PublishAsync("alpha", 1);
        var receiver = h.NewReceiver();
        await receiver.Initialize(TimeSpan.FromSeconds(5));
        var batch = await receiver.GetQueueMessagesAsync(100);
        using var stopping = new CancellationTokenSource();
        await stopping.CancelAsync();
        var handler = new DeadLetterFailureHandler(h.Address, h.Redis, h.DeadLetters, h.Clock, stopping.Token, NullLogger.Instance);

        await handler.OnDeliveryFailure(GuidId.GetNewGuidId(), "chimera", StreamId.Create(PerceptionNames.StatusTopic, "alpha"), batch[0].SequenceToken);

        (await h.Db.StreamLengthAsync(PerceptionNames.DeadLetterTopic)).ShouldBe(0);
        (await h.Db.StreamPendingAsync(h.Address.Key, h.Address.Group)).PendingMessageCount.ShouldBe(1, "the next owner re-reads it");
    }
}
