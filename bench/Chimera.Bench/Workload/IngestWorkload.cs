namespace Chimera.Bench.Workload;

/// <summary>
/// The ingest stream: every influencer sends <c>eventsPerInfluencer</c> events, 1 ms apart in event time,
/// interleaved across influencers the way many adapters publishing at once would. The first event of each is
/// its first status (a change); afterwards every 10th event moves the load past the 0.10 threshold (a change:
/// audit row, state write, routing update), the rest are heartbeats with load jitter under the threshold.
/// </summary>
internal sealed class IngestWorkload
{
    private IngestWorkload(SignedEntry[] entries, bool[] isChange, Dictionary<string, string> lastEventIds)
    {
        Entries = entries;
        IsChange = isChange;
        LastEventIds = lastEventIds;
    }

    /// <summary>In publish order.</summary>
    public SignedEntry[] Entries { get; }

    /// <summary>Whether <see cref="Entries"/>[i] is a change (the first event, every 10th) rather than a heartbeat.</summary>
    public bool[] IsChange { get; }

    /// <summary>The id of each influencer's last event: what its grain must end on if nothing was lost.</summary>
    public Dictionary<string, string> LastEventIds { get; }

    public int ExpectedChanges { get; private init; }

    /// <summary>
    /// Without <paramref name="ratePerSecond"/> the events of one round are 1 ms apart in event time (a burst); with it,
    /// entry n is stamped <paramref name="start"/> + n / rate, the time a paced producer sends it, so the grain's
    /// ingest lag (applied − event time) is the XADD-to-applied latency.
    /// </summary>
    public static IngestWorkload Create(int influencers, int eventsPerInfluencer, int partitions, DateTimeOffset start, string runTag, double? ratePerSecond = null)
    {
        var random = new Random(42);
        var capabilities = new Chimera.Contracts.Model.Capability[influencers][];
        var confidence = new double[influencers];
        var relevance = new double[influencers];
        for (var i = 0; i < influencers; i++)
        {
            capabilities[i] = Fleet.Capabilities(random);
            confidence[i] = Fleet.Confidence(random);
            relevance[i] = Math.Round(random.NextDouble(), 2);
        }

        var entries = new SignedEntry[influencers * eventsPerInfluencer];
        var isChange = new bool[entries.Length];
        var last = new Dictionary<string, string>(influencers, StringComparer.Ordinal);
        var changes = 0;
        var n = 0;
        for (var k = 0; k < eventsPerInfluencer; k++)
        {
            for (var i = 0; i < influencers; i++)
            {
                var id = Fleet.Id(i);
                var eventId = $"{runTag}-{id}-{k}";
                var change = k == 0 || k % 10 == 0;
                changes += change ? 1 : 0;
                // Load alternates between two bands 0.15 apart every 10 events; within a band it jitters by < 0.05.
                var band = (k / 10) % 2 == 0 ? 0.2 : 0.35;
                var load = Math.Round(band + (random.NextDouble() * 0.04), 3);
                var time = ratePerSecond is { } rate ? start.AddSeconds(n / rate) : start.AddMilliseconds(k);
                var value = SignedEntry.Event(id, eventId, time, capabilities[i], load, confidence[i], relevance[i]);
                isChange[n] = change;
                entries[n++] = SignedEntry.Create(value, partitions);
                last[id] = eventId;
            }
        }

        return new IngestWorkload(entries, isChange, last) { ExpectedChanges = changes };
    }
}
