using Chimera.Contracts.Spec;
using Orleans.Streams;

namespace Chimera.Redis.Streams;

/// <summary>
/// One Orleans queue per Redis partition, numbered like the partition. Streams map to queues with
/// <see cref="StatusPartitioner"/>, the function adapters use, so an influencer's events live in one queue;
/// the queues are spread evenly over the hash ring so the consistent-ring balancer shares them out.
/// </summary>
internal sealed class PartitionQueueMapper : IConsistentRingStreamQueueMapper
{
    private const ulong RingSize = 1UL << 32;
    private readonly QueueId[] _queues;

    public PartitionQueueMapper(string providerName, int partitions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        _queues = new QueueId[partitions];
        var portion = RingSize / (ulong)partitions;
        for (var i = 0; i < partitions; i++)
        {
            _queues[i] = QueueId.GetQueueId(providerName, (uint)i, (uint)(portion * (ulong)i));
        }
    }

    public int Partitions => _queues.Length;

    public IEnumerable<QueueId> GetAllQueues() => _queues;

    public QueueId GetQueueForStream(StreamId streamId) =>
        _queues[StatusPartitioner.PartitionOf(streamId.GetKeyAsString(), _queues.Length)];

    public IEnumerable<QueueId> GetQueuesForRange(IRingRange range)
    {
        var result = new List<QueueId>();
        foreach (var queue in _queues)
        {
            if (range.InRange(queue.GetUniformHashCode()))
            {
                result.Add(queue);
            }
        }

        return result;
    }

    /// <summary>The partition (and Redis key suffix) a queue reads.</summary>
    public static int PartitionOf(QueueId queueId) => (int)queueId.GetNumericId();
}
