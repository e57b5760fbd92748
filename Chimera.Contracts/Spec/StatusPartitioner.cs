using System.IO.Hashing;
using System.Text;

namespace Chimera.Contracts.Spec;

/// <summary>
/// Which Redis stream partition carries an influencer's events (spec §2.3): <c>{topic}:{p}</c> with
/// p = xxHash32(UTF-8 influencer_id) mod N. Adapters and silos must agree, so this is the one definition;
/// one influencer always lands on one partition, which keeps its events in order.
/// </summary>
public static class StatusPartitioner
{
    /// <summary>
    /// The partition count when none is configured (spec §2.3). Silos (<c>Chimera:Redis:Partitions</c>) and adapters
    /// must use the same count, so both default to this one value.
    /// </summary>
    public const int DefaultPartitions = 8;

    public static int PartitionOf(string influencerId, int partitions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        Span<byte> buffer = stackalloc byte[256];
        var count = Encoding.UTF8.GetByteCount(influencerId);
        var bytes = count <= buffer.Length ? buffer[..count] : new byte[count];
        Encoding.UTF8.GetBytes(influencerId, bytes);
        return (int)(XxHash32.HashToUInt32(bytes) % (uint)partitions);
    }

    /// <summary>The Redis key of partition <paramref name="partition"/> of <paramref name="topic"/>.</summary>
    public static string StreamKey(string topic, int partition) => $"{topic}:{partition}";
}
