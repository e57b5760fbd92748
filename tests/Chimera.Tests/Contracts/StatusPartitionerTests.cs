using Chimera.Contracts.Spec;
using Chimera.Testing;

namespace Chimera.Tests.Contracts;

[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class StatusPartitionerTests
{
    // xxHash32 (seed 0) reference vectors: "" = 0x02CC5D05, "a" = 0x550D7456, "abc" = 0x32D153FF.
    [Theory]
    [InlineData("", 8, 0x02CC5D05 % 8)]
    [InlineData("a", 8, 0x550D7456 % 8)]
    [InlineData("abc", 8, 0x32D153FF % 8)]
    [InlineData("abc", 1000, 0x32D153FF % 1000)]
    public void PartitionOf_IsXxHash32OfTheUtf8IdModN(string id, int partitions, long expected) =>
        StatusPartitioner.PartitionOf(id, partitions).ShouldBe((int)expected);

    [Theory]
    [InlineData("alpha", 8, 0)]
    [InlineData("beta", 8, 1)]
    [InlineData("influencer-000001", 8, 3)]
    [InlineData("alpha", 16, 8)]
    [InlineData("alpha", 1024, 968)]
    public void PartitionOf_IsStableAcrossReleases(string id, int partitions, int expected) =>
        StatusPartitioner.PartitionOf(id, partitions).ShouldBe(expected);

    [Fact]
    public void PartitionOf_EveryIdLandsInRange_AndEveryPartitionIsUsed()
    {
        var seen = new int[8];
        for (var i = 0; i < 1000; i++)
        {
            var p = StatusPartitioner.PartitionOf($"influencer-{i:D6}", 8);
            p.ShouldBeInRange(0, 7);
            seen[p]++;
        }

        seen.ShouldAllBe(count => count > 0);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(129)]
    [InlineData(300)]
    public void PartitionOf_IsXxHash32OfTheUtf8Bytes_OnTheStackAndTheHeapPath(int length)
    {
        // 'é' is two UTF-8 bytes: 127, 128 and 129 of them straddle the 256-byte stack buffer, 300 takes the heap path.
        // The expected value is computed independently, from the spec §2.3 rule (xxHash32 of the UTF-8 bytes, seed 0).
        var id = new string('é', length);
        foreach (var partitions in new[] { 3, 8, 1000 })
        {
            var expected = (int)(System.IO.Hashing.XxHash32.HashToUInt32(System.Text.Encoding.UTF8.GetBytes(id)) % (uint)partitions);
            StatusPartitioner.PartitionOf(id, partitions).ShouldBe(expected, $"{length} × 'é', {partitions} partitions");
        }
    }

    [Fact]
    public void PartitionOf_OnePartition_IsAlwaysZero() =>
        StatusPartitioner.PartitionOf("anything", 1).ShouldBe(0);

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void PartitionOf_FewerThanOnePartition_Throws(int partitions) =>
        Should.Throw<ArgumentOutOfRangeException>(() => StatusPartitioner.PartitionOf("alpha", partitions));

    [Fact]
    public void StreamKey_IsTopicColonPartition() =>
        StatusPartitioner.StreamKey(PerceptionNames.StatusTopic, 3).ShouldBe("mcp.perception.influencer.status:3");
}
