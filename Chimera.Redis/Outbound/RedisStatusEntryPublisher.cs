using Chimera.Contracts.Model;
using Chimera.Contracts.Provenance;
using Chimera.Contracts.Spec;
using Chimera.Core.Ingress;
using Chimera.Redis.Hosting;
using Chimera.Redis.Streams;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Chimera.Redis.Outbound;

/// <summary>
/// In the Redis profile an entry accepted by the ingest grain goes where an adapter would have put it: the
/// signed entry, unchanged, XADDed to the influencer's partition. The receiver verifies it again; the cost
/// is one HMAC, and it keeps one path (and one order) per influencer.
/// </summary>
internal sealed class RedisStatusEntryPublisher : IStatusEntryPublisher
{
    private readonly IConnectionMultiplexer _redis;
    private readonly int _partitions;

    public RedisStatusEntryPublisher(IConnectionMultiplexer redis, IOptions<ChimeraRedisOptions> options)
    {
        _redis = redis;
        _partitions = options.Value.Partitions;
    }

    public Task PublishAsync(SignedStatusEntry entry, StatusEvent accepted, CancellationToken cancellationToken = default)
    {
        var key = StatusPartitioner.StreamKey(PerceptionNames.StatusTopic, StatusPartitioner.PartitionOf(accepted.InfluencerId, _partitions));
        return _redis.GetDatabase().StreamAddAsync(key, SignedEntryCodec.ToFields(entry));
    }
}
