namespace Chimera.Contracts.Grains;

/// <summary>
/// The routing index of one pool (key: pool name, <see cref="DefaultPool"/> unless sharded). Fed by
/// influencer grains on change and by batched lease renewals; answers route and list queries from memory.
/// </summary>
public interface IRoutingGrain : IGrainWithStringKey
{
    /// <summary>The pool every influencer joins by default.</summary>
    public const string DefaultPool = "default";

    /// <summary>Ranked candidates for a task (spec §5); schedules probes for low-confidence matches of high-cost requests.</summary>
    ValueTask<RouteResult> RouteAsync(RouteRequest request);

    /// <summary>Registry rows matching <paramref name="query"/>, ordered by influencer id, paged with <see cref="ListQuery.After"/>.</summary>
    ValueTask<IReadOnlyList<InfluencerSummary>> ListAsync(ListQuery query);

    /// <summary>Counts by effective status and capability.</summary>
    ValueTask<RegistryCounts> GetCountsAsync();

    /// <summary>Silo-internal: an influencer grain's change.</summary>
    [OneWay]
    ValueTask UpsertAsync(RoutingEntry entry);

    /// <summary>
    /// Silo-internal: heartbeats batched per silo; each only extends an entry's expiry. Returns the ids the
    /// index does not know (it was rebuilt), so their grains can re-publish their full entry.
    /// </summary>
    ValueTask<IReadOnlyList<string>> RenewLeasesAsync(IReadOnlyList<LeaseRenewal> renewals);

    /// <summary>
    /// Silo-internal: an influencer grain found its status expired at <paramref name="expiresAt"/>. Answers whether
    /// the bounded self-preservation hold (spec §3.6) keeps it as suspect, and until when; otherwise it is stale now.
    /// </summary>
    ValueTask<ExpiryVerdict> JudgeExpiryAsync(string influencerId, DateTimeOffset expiresAt);

    /// <summary>Silo-internal: the partitions one silo reads and whether their ingest is failing (spec §3.6).</summary>
    [OneWay]
    ValueTask ReportIngestHealthAsync(IngestHealthReport report);

    /// <summary>The self-preservation hold as it stands (spec §3.6).</summary>
    ValueTask<SelfPreservationStatus> GetSelfPreservationAsync();
}
