using Chimera.Core.Delivery;

namespace Chimera.Grains.Influencers;

/// <summary>
/// A delivered change whose transport acknowledgement waits for its effects (spec §2.3): its audit row, the grain state
/// that includes it (mutation <see cref="Mutation"/> or later) and its latest-key and announce publishes. More than
/// one receipt when the same event arrived in several entries (an adapter that re-sent it).
/// </summary>
internal sealed class OwedAcknowledgement(string eventId, DeliveryReceipt receipt, long mutation, DateTimeOffset appliedAt)
{
    public string EventId { get; } = eventId;

    public List<DeliveryReceipt> Receipts { get; } = [receipt];

    /// <summary>The grain's mutation counter right after the change: a state write of this count or later includes it.</summary>
    public long Mutation { get; } = mutation;

    /// <summary>When the change was applied (domain clock); the outage window runs from here.</summary>
    public DateTimeOffset AppliedAt { get; } = appliedAt;

    /// <summary>The dead-letter write after the outage window, once started.</summary>
    public Task? DeadLetter { get; set; }
}
