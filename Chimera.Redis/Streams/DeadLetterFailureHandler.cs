using Chimera.Contracts.Validation;
using Chimera.Redis.Outbound;
using Microsoft.Extensions.Logging;
using Orleans.Streams;
using StackExchange.Redis;

namespace Chimera.Redis.Streams;

/// <summary>
/// What happens to an event the pulling agent gave up on (the grain kept failing past
/// <c>MaxEventDeliveryTime</c>): the agent moves on regardless, so the entry is dead-lettered as
/// <see cref="RejectCodes.DeliveryFailed"/> with its original fields (read back from Redis), and only then
/// acked. The cache never releases such an entry for a normal ack, so it cannot vanish silently.
/// A delivery that fails because this silo is stopping (the agent is torn down mid-call, the grain did nothing
/// wrong) is not given up: the entry is left pending, so the queue's next owner re-reads and delivers it.
/// </summary>
internal sealed class DeadLetterFailureHandler : IStreamFailureHandler
{
    private readonly PartitionAddress _address;
    private readonly IConnectionMultiplexer _redis;
    private readonly RedisDeadLetterSink _deadLetters;
    private readonly TimeProvider _clock;
    private readonly CancellationToken _stopping;
    private readonly ILogger _logger;

    // stopping: the host's ApplicationStopping, signalled as soon as the silo starts to stop (gracefully or not).
    public DeadLetterFailureHandler(PartitionAddress address, IConnectionMultiplexer redis, RedisDeadLetterSink deadLetters, TimeProvider clock, CancellationToken stopping, ILogger logger)
    {
        _address = address;
        _redis = redis;
        _deadLetters = deadLetters;
        _clock = clock;
        _stopping = stopping;
        _logger = logger;
    }

    /// <summary>Implicit subscriptions cannot be faulted anyway; keep explicit ones alive too: the next event may well succeed.</summary>
    public bool ShouldFaultSubsriptionOnError => false;

    public async Task OnDeliveryFailure(GuidId subscriptionId, string streamProviderName, StreamId streamIdentity, StreamSequenceToken? sequenceToken)
    {
        if (sequenceToken is null)
        {
            ReceiverLog.SubscriptionFailed(_logger, streamIdentity.ToString(), "(no token)");
            return;
        }

        var entryId = StreamEntryIds.FromToken(sequenceToken);
        if (_stopping.IsCancellationRequested)
        {
            // Dead-lettering and acking here would take the entry from the next owner's pending list: it would
            // be lost to the grain although nothing was wrong with it (found by the silo-kill cluster test).
            ReceiverLog.DeliveryFailedWhileStopping(_logger, streamIdentity.ToString(), entryId, _address.Key!);
            return;
        }

        ReceiverLog.DeliveryGivenUp(_logger, streamIdentity.ToString(), entryId, _address.Key!);
        try
        {
            await DeliveryDeadLetters.WriteAsync(_redis.GetDatabase(), _deadLetters, _address.Key, _address.Group, entryId,
                $"the consuming grain of stream {streamIdentity} did not apply the event within the pulling agent's delivery deadline", _clock.GetUtcNow()).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            ReceiverLog.DeliveryDeadLetterFailed(_logger, streamIdentity.ToString(), entryId, _address.Key!, ex);
        }
    }

    public Task OnSubscriptionFailure(GuidId subscriptionId, string streamProviderName, StreamId streamIdentity, StreamSequenceToken? sequenceToken)
    {
        ReceiverLog.SubscriptionFailed(_logger, streamIdentity.ToString(), sequenceToken?.ToString() ?? "(none)");
        return Task.CompletedTask;
    }
}
