using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;

namespace Chimera.Bench.Workload;

/// <summary>
/// Routing entries for a fleet (see <see cref="Fleet"/>): 85% online, 10% idle, 5% busy (not routable), all
/// live for 4 minutes; and a request mix: 70% one capability at v1 (popularity-weighted), 20% two capabilities,
/// 10% one capability at v3 (selective: the walk passes over v1/v2 holders).
/// </summary>
internal static class RoutingWorkload
{
    public static RoutingEntry[] Entries(int count, DateTimeOffset now)
    {
        var random = new Random(7);
        var entries = new RoutingEntry[count];
        for (var i = 0; i < count; i++)
        {
            var roll = random.NextDouble();
            var status = roll < 0.85 ? InfluencerStatus.Online : roll < 0.95 ? InfluencerStatus.Idle : InfluencerStatus.Busy;
            entries[i] = new RoutingEntry(Fleet.Id(i), 1, status, Fleet.Capabilities(random), Math.Round(random.NextDouble(), 3),
                Fleet.Confidence(random), Math.Round(random.NextDouble(), 2), now.AddMinutes(4), false, false);
        }

        return entries;
    }

    public static RouteRequest[] Requests(int count, CostClass cost, int seed)
    {
        var random = new Random(seed);
        var requests = new RouteRequest[count];
        for (var i = 0; i < count; i++)
        {
            var roll = random.NextDouble();
            Capability[] required;
            if (roll < 0.7)
            {
                required = [new Capability(Fleet.PickName(random), 1)];
            }
            else if (roll < 0.9)
            {
                var first = Fleet.PickName(random);
                string second;
                do
                {
                    second = Fleet.PickName(random);
                }
                while (second == first);
                required = [new Capability(first, 1), new Capability(second, 1)];
            }
            else
            {
                required = [new Capability(Fleet.PickName(random), 3)];
            }

            requests[i] = new RouteRequest(required, cost, 5);
        }

        return requests;
    }
}
