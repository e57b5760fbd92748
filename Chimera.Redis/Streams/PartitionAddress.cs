using Chimera.Contracts.Spec;
using StackExchange.Redis;

namespace Chimera.Redis.Streams;

/// <summary>
/// Where one Orleans queue reads: the partition's stream key, the group, and a consumer name fixed per
/// queue. Whichever silo owns the queue reads as that consumer, so a new owner finds the previous owner's
/// pending entries in its own pending list and re-reads them from id 0: no XCLAIM, no idle guessing.
/// </summary>
internal sealed record PartitionAddress(int Partition, RedisKey Key, RedisValue Group, RedisValue Consumer)
{
    public static PartitionAddress For(int partition, string group) =>
        new(partition, StatusPartitioner.StreamKey(PerceptionNames.StatusTopic, partition), group, $"queue-{partition}");

    public string Origin(RedisValue entryId) => $"{Key}/{entryId}";
}
