using Orleans.Streams;

namespace Chimera.Core.Delivery;

/// <summary>
/// Releases delivered status entries once their effects are durable (spec §2.3, "Acknowledgement"): a change once its
/// audit row and the grain state that includes it are stored and its views are published; a heartbeat, a duplicate or
/// an ignored event at once (it has nothing to make durable). Delivery completing is <em>not</em> an acknowledgement:
/// the consumer calls this, on whichever silo it runs. Implementations batch the calls (one round trip per queue and
/// flush, never one per entry) and never throw; a lost acknowledgement only means the entry is delivered again.
/// </summary>
public interface IDeliveryAcknowledger
{
    /// <summary>The receipt of an event of <paramref name="influencerId"/> delivered with <paramref name="token"/>.</summary>
    DeliveryReceipt ReceiptFor(string influencerId, StreamSequenceToken? token);

    /// <summary>The entry's effects are durable (or it had none): the transport may forget it.</summary>
    void Acknowledge(DeliveryReceipt receipt);

    /// <summary>
    /// The entry's effects could not be made durable within <c>Chimera:Durability:OutageWindow</c>: writes it to the
    /// dead-letter topic as <c>delivery_failed</c> with <paramref name="message"/>, then releases it. Throws when the
    /// dead letter could not be written (the entry then stays pending and the caller retries).
    /// </summary>
    Task DeadLetterAsync(DeliveryReceipt receipt, string message, CancellationToken cancellationToken = default);
}
