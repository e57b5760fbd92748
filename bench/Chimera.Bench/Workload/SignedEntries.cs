using Chimera.Contracts.Model;
using Chimera.Contracts.Provenance;
using Chimera.Contracts.Spec;
using Chimera.Contracts.Wire;
using StackExchange.Redis;

namespace Chimera.Bench.Workload;

/// <summary>A pre-encoded, pre-signed entry as an adapter XADDs it, with the partition it belongs to and its event time.</summary>
internal sealed record SignedEntry(string InfluencerId, string EventId, int Partition, SignedStatusEntry Entry, NameValueEntry[] Fields, DateTimeOffset Timestamp)
{
    public static SignedEntry Create(StatusEvent statusEvent, int partitions)
    {
        var signed = HmacStatusSigner.CreateEntry(BenchKeys.Key, StatusEventJson.Encode(statusEvent));
        NameValueEntry[] fields =
        [
            new(SignedEntryFields.Event, signed.EventJson),
            new(SignedEntryFields.Adapter, signed.AdapterId),
            new(SignedEntryFields.KeyId, signed.KeyId),
            new(SignedEntryFields.Signature, signed.Signature),
        ];
        return new SignedEntry(statusEvent.InfluencerId, statusEvent.EventId, StatusPartitioner.PartitionOf(statusEvent.InfluencerId, partitions), signed, fields, statusEvent.Timestamp);
    }

    public static StatusEvent Event(string influencerId, string eventId, DateTimeOffset timestamp, Capability[] capabilities, double load, double confidence, double relevance) => new()
    {
        EventId = eventId,
        Source = PerceptionNames.SourcePrefix + influencerId,
        Timestamp = timestamp,
        InfluencerId = influencerId,
        Status = InfluencerStatus.Online,
        Capabilities = capabilities,
        Load = load,
        Confidence = confidence,
        RelevanceScore = relevance,
        SpecReference = "specs/openclaw_integration.md",
        TraceId = "trace-" + eventId,
    };
}
