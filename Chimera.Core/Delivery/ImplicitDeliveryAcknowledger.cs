using Orleans.Streams;

namespace Chimera.Core.Delivery;

/// <summary>
/// For transports that acknowledge on delivery by themselves (the embedded profile's memory streams): there is nothing
/// to release, so receipts are <see cref="DeliveryReceipt.None"/> and every call is a no-op.
/// </summary>
internal sealed class ImplicitDeliveryAcknowledger : IDeliveryAcknowledger
{
    public DeliveryReceipt ReceiptFor(string influencerId, StreamSequenceToken? token) => DeliveryReceipt.None;

    public void Acknowledge(DeliveryReceipt receipt)
    {
    }

    public Task DeadLetterAsync(DeliveryReceipt receipt, string message, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
