using Chimera.Core.Hosting;
using Chimera.Core.Ingest;
using Chimera.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Chimera.Tests.Core.Ingest;

/// <summary>
/// What <c>/health/ready</c> reads from the <see cref="IngestHealthMonitor"/>: a receiver with no successful read (or
/// start) within the threshold is stalled; one that stopped is no longer this silo's concern. Fake time, on the same
/// monitor the self-preservation guard reads.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class ReceiverStallTests
{
    private static readonly TimeSpan Threshold = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void A_receiver_whose_last_read_is_older_than_the_threshold_is_stalled()
    {
        var monitor = new IngestHealthMonitor(_clock);
        monitor.Started(0, 8);
        monitor.Started(1, 8);
        _clock.Advance(TimeSpan.FromSeconds(25));
        monitor.ReadSucceeded(0, TimeSpan.Zero);

        _clock.Advance(TimeSpan.FromSeconds(5));
        monitor.Stalled(Threshold).ShouldBeEmpty("30 s after the start is not yet over the threshold");
        _clock.Advance(TimeSpan.FromSeconds(1));
        monitor.Stalled(Threshold).ShouldBe([1], "partition 1 never read since its start 31 s ago");
        _clock.Advance(TimeSpan.FromSeconds(25));
        monitor.Stalled(Threshold).ShouldBe([0, 1]);
        monitor.Partitions.ShouldBe([0, 1]);
    }

    [Fact]
    public void Polls_and_failed_reads_are_not_progress()
    {
        var monitor = new IngestHealthMonitor(_clock);
        monitor.Started(2, 8);
        for (var i = 0; i < 31; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            monitor.Polled(2, 8);
            monitor.ReadFailed(2);
        }

        monitor.Stalled(Threshold).ShouldBe([2]);
        monitor.Snapshot("silo", new SelfPreservationOptions())!.Partitions.ShouldHaveSingleItem().Failing.ShouldBeTrue();
    }

    [Fact]
    public void A_released_receiver_is_no_longer_this_silos_concern()
    {
        var monitor = new IngestHealthMonitor(_clock);
        monitor.Started(3, 8);
        monitor.Released(3);
        _clock.Advance(TimeSpan.FromHours(1));

        monitor.Partitions.ShouldBeEmpty();
        monitor.Stalled(Threshold).ShouldBeEmpty();
        monitor.Snapshot("silo", new SelfPreservationOptions()).ShouldBeNull();
    }
}
