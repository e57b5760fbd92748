using System.Globalization;

namespace Chimera.Testing;

/// <summary>
/// Membership failure detection for test clusters that kill silos: fast enough that a killed silo is declared dead in
/// about ten seconds, tolerant enough that a healthy silo on a loaded two-core box (four test assemblies at once, GC
/// pauses) is not evicted. A 1 s probe timeout with 2 allowed misses evicted healthy silos under load; 3 s with 3
/// misses rides out a stall of several seconds. Every test that waits for a death allows for
/// <see cref="DeathDetection"/> in its deadline.
/// </summary>
public static class TolerantMembership
{
    /// <summary>Orleans' <c>ClusterMembershipOptions.ProbeTimeout</c> for test clusters.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Orleans' <c>ClusterMembershipOptions.NumMissedProbesLimit</c> for test clusters.</summary>
    public const int NumMissedProbesLimit = 3;

    /// <summary>About how long a killed silo takes to be declared dead with these settings (probes, votes, table refresh).</summary>
    public static readonly TimeSpan DeathDetection = (ProbeTimeout * NumMissedProbesLimit) + TimeSpan.FromSeconds(5);

    /// <summary>The same settings as silo command-line arguments (<c>Chimera:Membership</c> binds <c>ClusterMembershipOptions</c>).</summary>
    public static IReadOnlyList<string> Arguments =>
    [
        "--Chimera:Membership:ProbeTimeout=" + ProbeTimeout.ToString("c", CultureInfo.InvariantCulture),
        "--Chimera:Membership:NumMissedProbesLimit=" + NumMissedProbesLimit.ToString(CultureInfo.InvariantCulture),
    ];
}
