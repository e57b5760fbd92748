using Microsoft.Extensions.Hosting;

namespace Chimera.Redis.Streams;

/// <summary>
/// Counts silos declared dead in the cluster (<see cref="Epoch"/> rises with each). A silo that dies takes the
/// acknowledgements its grains still owed with it (spec §2.3): the receivers on the survivors see the epoch move and
/// re-deliver every entry of theirs that is delivered but unacknowledged, at once instead of after the ack timeout.
/// </summary>
internal sealed class SiloDeathWatch(IServiceProvider services) : BackgroundService
{
    private long _epoch;

    public long Epoch => Interlocked.Read(ref _epoch);

    /// <summary>A silo was declared dead (the membership loop; tests call it directly).</summary>
    internal void NoteDeath() => Interlocked.Increment(ref _epoch);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (services.GetService(typeof(IClusterMembershipService)) is not IClusterMembershipService membership)
        {
            return;
        }

        var dead = new HashSet<SiloAddress>();
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken))
            {
                foreach (var (address, member) in snapshot.Members)
                {
                    if (member.Status == SiloStatus.Dead && dead.Add(address))
                    {
                        NoteDeath();
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Silo stopping.
        }
    }
}
