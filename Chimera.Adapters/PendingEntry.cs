using Chimera.Contracts.Model;
using Chimera.Contracts.Provenance;

namespace Chimera.Adapters;

/// <summary>A signed event waiting for the transport.</summary>
internal sealed record PendingEntry(SignedStatusEntry Entry, string EventId, InfluencerStatus Status, bool IsHeartbeat);
