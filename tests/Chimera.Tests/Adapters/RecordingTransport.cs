using Chimera.Adapters;
using Chimera.Contracts.Model;
using Chimera.Contracts.Provenance;
using Chimera.Contracts.Validation;
using Chimera.Contracts.Wire;

namespace Chimera.Tests.Adapters;

/// <summary>A synchronous transport that records what it is given and fails while <see cref="Failing"/> is set.</summary>
internal sealed class RecordingTransport : IAdapterTransport
{
    public List<SignedStatusEntry> Entries { get; } = [];

    public bool Failing { get; set; }

    public int Attempts { get; private set; }

    public Task PublishAsync(SignedStatusEntry entry, string influencerId, CancellationToken cancellationToken = default)
    {
        Attempts++;
        if (Failing)
        {
            return Task.FromException(new IOException("transport down"));
        }

        Entries.Add(entry);
        return Task.CompletedTask;
    }

    public List<StatusEvent> Events() =>
        [.. Entries.Select(e => StatusEventJson.Decode(e.EventJson, RatifiedSpecs.Embedded()).Event!)];

    public List<InfluencerStatus> Statuses() => [.. Events().Select(e => e.Status)];
}
