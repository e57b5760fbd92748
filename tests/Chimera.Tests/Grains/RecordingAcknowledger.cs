using System.Collections.Concurrent;
using Chimera.Core.Delivery;
using Orleans.Streams;

namespace Chimera.Tests.Grains;

/// <summary>
/// Test <see cref="IDeliveryAcknowledger"/>: receipts name the influencer and the memory stream's token; every
/// acknowledgement is recorded with what <see cref="Probe"/> said at that moment (e.g. "was the state stored?").
/// </summary>
public sealed class RecordingAcknowledger : IDeliveryAcknowledger
{
    private readonly ConcurrentQueue<(DeliveryReceipt Receipt, string? Probe)> _acks = new();
    private readonly ConcurrentQueue<(DeliveryReceipt Receipt, string Message)> _deadLetters = new();

    /// <summary>Evaluated at each acknowledgement, recorded beside it.</summary>
    public Func<DeliveryReceipt, string?>? Probe { get; set; }

    public DeliveryReceipt ReceiptFor(string influencerId, StreamSequenceToken? token) => new(influencerId, token?.ToString() ?? "(none)");

    public void Acknowledge(DeliveryReceipt receipt) => _acks.Enqueue((receipt, Probe?.Invoke(receipt)));

    public Task DeadLetterAsync(DeliveryReceipt receipt, string message, CancellationToken cancellationToken = default)
    {
        _deadLetters.Enqueue((receipt, message));
        return Task.CompletedTask;
    }

    /// <summary>Acknowledgements of <paramref name="influencerId"/>'s entries, in order, with the probe's note.</summary>
    public IReadOnlyList<(DeliveryReceipt Receipt, string? Probe)> Of(string influencerId) => [.. _acks.Where(a => a.Receipt.Queue == influencerId)];

    public IReadOnlyList<(DeliveryReceipt Receipt, string Message)> DeadLettersOf(string influencerId) => [.. _deadLetters.Where(a => a.Receipt.Queue == influencerId)];
}
