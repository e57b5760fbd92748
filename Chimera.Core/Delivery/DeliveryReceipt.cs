namespace Chimera.Core.Delivery;

/// <summary>
/// What a transport needs to release one delivered status entry later (spec §2.3, "Acknowledgement"): for Redis the
/// partition's stream key and the entry id. <see cref="None"/> for transports that acknowledge by themselves (memory
/// streams). The consumer keeps it until the entry's effects are durable, then hands it to
/// <see cref="IDeliveryAcknowledger.Acknowledge"/>; nothing about it assumes one entry per stream container.
/// </summary>
public readonly record struct DeliveryReceipt(string? Queue, string? EntryId)
{
    /// <summary>No receipt: the transport needs no acknowledgement.</summary>
    public static DeliveryReceipt None => default;

    public bool IsNone => Queue is null || EntryId is null;

    public override string ToString() => IsNone ? "(none)" : $"{Queue}/{EntryId}";
}
