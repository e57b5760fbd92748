using Chimera.Core.Hosting;
using Chimera.Core.Ingest;
using Chimera.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Chimera.Tests.Core.Ingest;

/// <summary>What a silo reports about its partitions to the self-preservation guard (spec §3.6).</summary>
[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class IngestHealthMonitorTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly SelfPreservationOptions _options = new();

    [Fact]
    public void A_silo_that_reads_no_partition_reports_nothing()
    {
        new IngestHealthMonitor(_clock).Snapshot("silo", _options).ShouldBeNull();
    }

    [Fact]
    public void Failing_reads_a_receiver_nobody_polls_and_a_lagging_one_are_failing_and_say_why()
    {
        var monitor = new IngestHealthMonitor(_clock);
        for (var p = 0; p < 4; p++)
        {
            monitor.Polled(p, 4);
            monitor.ReadSucceeded(p, TimeSpan.Zero);
        }

        monitor.Snapshot("silo", _options)!.Partitions.ShouldAllBe(h => !h.Failing);

        monitor.ReadFailed(0);                                              // Redis unreachable
        monitor.ReadSucceeded(2, _options.LagThreshold + TimeSpan.FromSeconds(1)); // reading a backlog
        _clock.Advance(_options.StuckAfter + TimeSpan.FromSeconds(1));
        monitor.Polled(0, 4);
        monitor.Polled(2, 4);
        monitor.Polled(3, 4);                                               // partition 1 is no longer polled: stuck

        var report = monitor.Snapshot("silo", _options)!;
        report.PartitionCount.ShouldBe(4);
        report.Partitions.Select(h => (h.Partition, h.Failing)).ShouldBe([(0, true), (1, true), (2, true), (3, false)]);
        report.Partitions[0].Reason.ShouldContain("reads failing");
        report.Partitions[1].Reason.ShouldContain("stuck");
        report.Partitions[2].Reason.ShouldContain("behind");

        monitor.ReadSucceeded(0, TimeSpan.Zero);                            // Redis back
        monitor.Released(1);                                                // the queue moved to another silo
        monitor.Snapshot("silo", _options)!.Partitions.Select(h => (h.Partition, h.Failing)).ShouldBe([(0, false), (2, true), (3, false)]);
    }
}
