using Chimera.Contracts.Provenance;
using Chimera.Contracts.Spec;
using Chimera.Contracts.Wire;
using StackExchange.Redis;

namespace Chimera.Testing;

/// <summary>Writes signed entries onto the status topic as an adapter does: the shared field codec, the influencer's partition.</summary>
public static class StatusStreams
{
    /// <summary>XADD of <paramref name="entry"/> to <paramref name="influencerId"/>'s partition of <paramref name="partitions"/>.</summary>
    public static Task<RedisValue> AddAsync(IDatabase db, SignedStatusEntry entry, string influencerId, int partitions = StatusPartitioner.DefaultPartitions)
    {
        ArgumentNullException.ThrowIfNull(db);
        var key = StatusPartitioner.StreamKey(PerceptionNames.StatusTopic, StatusPartitioner.PartitionOf(influencerId, partitions));
        return db.StreamAddAsync(key, SignedEntryWire.Encode(entry, static (name, value) => new NameValueEntry(name, value)));
    }
}
