using Chimera.Contracts.Spec;

namespace Chimera.Adapters.Redis;

/// <summary>Where an adapter publishes: the Redis server and the partition count the silos read (they must agree).</summary>
public sealed class RedisAdapterTransportOptions
{
    /// <summary>StackExchange.Redis connection string, e.g. <c>localhost:6379</c>. This or <see cref="ConnectionStringFile"/> is required.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>A file whose content is the connection string (keeps a password out of configuration and command lines).</summary>
    public string? ConnectionStringFile { get; set; }

    /// <summary>Partitions of <see cref="PerceptionNames.StatusTopic"/>; must equal the silos' <c>Chimera:Redis:Partitions</c>. Default 8.</summary>
    public int Partitions { get; set; } = StatusPartitioner.DefaultPartitions;
}
