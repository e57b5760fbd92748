using Chimera.Contracts.Spec;

namespace Chimera.Redis.Hosting;

/// <summary>
/// The Redis profile of the silo (bound from <c>Chimera:Redis</c>): where Redis is, how the status topic is
/// partitioned, and how the bridge reads, trims and publishes. See Chimera.Redis/README.md.
/// </summary>
public sealed class ChimeraRedisOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Chimera:Redis";

    /// <summary>StackExchange.Redis connection string, e.g. <c>localhost:6379,password=...</c>. Required; never logged with its password.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>Number of Redis stream keys (and Orleans queues) the status topic is spread over. Producers must use the same number. Default 8.</summary>
    public int Partitions { get; set; } = DefaultPartitions;

    /// <summary>The Redis consumer group the silos read with. Default <c>chimera</c>.</summary>
    public string ConsumerGroup { get; set; } = "chimera";

    /// <summary>Most entries one XREADGROUP returns. Default 500.</summary>
    public int ReadBatchSize { get; set; } = 500;

    /// <summary>Most entries held in one queue's cache (read but not yet acknowledged); reading pauses above it. Default 8192.</summary>
    public int CacheSize { get; set; } = 8192;

    /// <summary>How long entries stay in a status partition (XTRIM MINID); at least the longest status TTL (4 min). Default 10 min.</summary>
    public TimeSpan RetentionWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often a receiver trims its partition. Default 30 s.</summary>
    public TimeSpan TrimInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>First pause after a failed Redis call; doubles up to <see cref="MaxBackoff"/>. Default 200 ms.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest pause between attempts while Redis is unavailable. Default 10 s.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Approximate cap of the announce stream (XADD MAXLEN ~). Default 10,000.</summary>
    public long AnnounceMaxLength { get; set; } = 10_000;

    /// <summary>Approximate cap of the dead-letter stream (XADD MAXLEN ~). Default 100,000.</summary>
    public long DeadLetterMaxLength { get; set; } = 100_000;

    /// <summary>
    /// How long a delivered entry may stay unacknowledged before its receiver delivers it again (its consumer's silo may
    /// have died, or the acknowledgement was lost). A consumer still waiting for durability ignores the copy. Default 1 min.
    /// </summary>
    public TimeSpan AckTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often each silo sends the acknowledgements its consumers made (one XACK per partition). Default 100 ms.</summary>
    public TimeSpan AckFlushInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How often each silo writes the latest-status keys its grains changed or refreshed (one pipeline). Default 200 ms.</summary>
    public TimeSpan LatestFlushInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The default partition count (spec §2.3), shared with the adapters: <see cref="StatusPartitioner.DefaultPartitions"/>.</summary>
    public const int DefaultPartitions = StatusPartitioner.DefaultPartitions;

    /// <summary>The longest status TTL the spec allows; the retention window may not be shorter.</summary>
    public static readonly TimeSpan MaxStatusTtl = TimeSpan.FromMinutes(4);
}
