
namespace Chimera.Silo.Hosting;

/// <summary>
/// Answers "when did that silo join, leave or die?" from the log: one Information line per membership change this silo
/// sees (joined, leaving, left, declared dead), from the cluster's membership table (<c>orleans_membership</c> on the
/// PostgreSQL profile). A silo that was shutting down and then is dead left; one that went from active to dead was
/// declared dead by the others (it stopped answering their probes).
/// </summary>
internal sealed partial class MembershipLogger(IClusterMembershipService membership, ILocalSiloDetails local, ILogger<MembershipLogger> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Dictionary<SiloAddress, SiloStatus>? known = null;
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken).ConfigureAwait(false))
            {
                var current = snapshot.Members.ToDictionary(m => m.Key, m => m.Value.Status);
                if (known is null)
                {
                    // The table keeps dead silos of earlier runs; the first view reports only who is there now.
                    var active = current.Where(m => m.Value == SiloStatus.Active).Select(m => m.Key.ToString()).Order().ToList();
                    LogView(local.SiloAddress, active.Count, string.Join(", ", active));
                }
                else
                {
                    foreach (var (silo, status) in current)
                    {
                        var before = known.GetValueOrDefault(silo, SiloStatus.None);
                        if (before != status)
                        {
                            Report(silo, snapshot.Members[silo].Name, before, status);
                        }
                    }
                }

                known = current;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The silo is stopping.
        }
    }

    private void Report(SiloAddress silo, string? name, SiloStatus before, SiloStatus now)
    {
        switch (now)
        {
            case SiloStatus.Active:
                LogJoined(silo, name);
                break;
            case SiloStatus.ShuttingDown or SiloStatus.Stopping:
                LogLeaving(silo, name);
                break;
            case SiloStatus.Dead when before is SiloStatus.ShuttingDown or SiloStatus.Stopping:
                LogLeft(silo, name);
                break;
            case SiloStatus.Dead:
                LogDeclaredDead(silo, name, before);
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster membership as seen by {Self}: {Count} active silo(s): {Silos}")]
    private partial void LogView(SiloAddress self, int count, string silos);

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {Silo} ({Name}) joined the cluster")]
    private partial void LogJoined(SiloAddress silo, string? name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {Silo} ({Name}) is leaving the cluster (shutting down)")]
    private partial void LogLeaving(SiloAddress silo, string? name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {Silo} ({Name}) left the cluster")]
    private partial void LogLeft(SiloAddress silo, string? name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {Silo} ({Name}) was declared dead (it was {Before} and stopped answering); its grains and queues move to the remaining silos")]
    private partial void LogDeclaredDead(SiloAddress silo, string? name, SiloStatus before);
}
