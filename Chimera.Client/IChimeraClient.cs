using Chimera.Contracts.Grains;
using Chimera.Contracts.Provenance;
using Chimera.Contracts.Validation;

namespace Chimera.Client;

/// <summary>
/// Typed operations on a Chimera cluster. Arguments are checked before any call (an
/// <see cref="ArgumentException"/> names the bad one); a cluster that cannot be reached surfaces as
/// <see cref="ChimeraUnavailableException"/>.
/// </summary>
public interface IChimeraClient
{
    /// <summary>The live status of one influencer, staleness applied; null when Chimera never heard of it.</summary>
    Task<InfluencerView?> GetStatusAsync(string influencerId, CancellationToken cancellationToken = default);

    /// <summary>Registry rows by effective status and/or capability, ordered by influencer id.</summary>
    Task<IReadOnlyList<InfluencerSummary>> ListAsync(ListQuery query, CancellationToken cancellationToken = default);

    /// <summary>Ranked candidates for a task (spec §5).</summary>
    Task<RouteResult> RouteAsync(RouteRequest request, CancellationToken cancellationToken = default);

    /// <summary>Counts of the live registry by status and capability.</summary>
    Task<RegistryCounts> GetCountsAsync(CancellationToken cancellationToken = default);

    /// <summary>Reports a probe's outcome. Throws <see cref="ProbeNotFoundException"/> when the probe is not pending.</summary>
    Task<InfluencerView> ReportProbeResultAsync(string influencerId, string probeId, bool passed, string? detail = null, CancellationToken cancellationToken = default);

    /// <summary>Audit rows of one influencer, newest first.</summary>
    Task<IReadOnlyList<AuditRecord>> GetHistoryAsync(AuditQuery query, CancellationToken cancellationToken = default);

    /// <summary>The audited status at a point in time, or null when there is none at or before it.</summary>
    Task<AuditRecord?> GetStatusAsOfAsync(string influencerId, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Status-change rows per new status in [From, To).</summary>
    Task<IReadOnlyDictionary<string, long>> CountByStatusAsync(StatusCountsQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Publishes a signed entry through the cluster's ingest grain (the development adapter path).
    /// Returns the violations; empty when accepted.
    /// </summary>
    Task<IReadOnlyList<Violation>> PublishAsync(SignedStatusEntry entry, CancellationToken cancellationToken = default);

    /// <summary>
    /// Polls counts and the first <paramref name="top"/> rows every <paramref name="interval"/> (default
    /// <see cref="ChimeraClientOptions.WatchInterval"/>) until cancelled: the view of <c>chimera top</c>.
    /// </summary>
    IAsyncEnumerable<RegistrySnapshot> TopAsync(TimeSpan? interval = null, int top = 20, CancellationToken cancellationToken = default);

    /// <summary>
    /// The change stream (spec §12): every audited change (status changes, stale detections, probes) with a revision
    /// above <paramref name="fromRevision"/> that matches <paramref name="filter"/>, in revision order, until
    /// cancelled. Pass the last revision you processed to resume (0 = from the beginning, <see cref="WatchFrom.Now"/> =
    /// only what happens from now). When the connection to the cluster breaks, the stream waits and retries (with
    /// jittered backoff) from the last revision it yielded: no change is skipped and none is yielded twice. If the log no
    /// longer holds the revisions after the position (the embedded profile keeps only the newest rows), the stream ends
    /// with <see cref="ChangesDroppedException"/>, never by skipping them silently.
    /// </summary>
    IAsyncEnumerable<AuditRecord> WatchAsync(long fromRevision = WatchFrom.Now, ChangeFilter? filter = null, CancellationToken cancellationToken = default);

    /// <summary>The highest revision so far (0 before the first change).</summary>
    Task<long> GetHeadRevisionAsync(CancellationToken cancellationToken = default);
}
