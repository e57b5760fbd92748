namespace Chimera.Contracts.Grains;

/// <summary>
/// One influencer's live status (key: <c>influencer_id</c>). Status events arrive only through the Orleans
/// stream <c>mcp.perception.influencer.status</c>; this interface is for readers and probe reports.
/// </summary>
public interface IInfluencerGrain : IGrainWithStringKey
{
    /// <summary>The current view, staleness applied; null when no event for this influencer was ever applied.</summary>
    [AlwaysInterleave]
    ValueTask<InfluencerView?> GetStatusAsync();

    /// <summary>Silo-internal: records a probe the router scheduled (audited; the view shows it as pending).</summary>
    [OneWay]
    ValueTask RecordProbeScheduledAsync(ProbeTicket ticket);

    /// <summary>Silo-internal: the staleness timer's entry into the grain; ages the status out if it expired.</summary>
    [OneWay]
    ValueTask CheckStalenessAsync();

    /// <summary>Silo-internal: the self-preservation hold that kept this status as suspect ended; judge it now (spec §3.6).</summary>
    [OneWay]
    ValueTask HoldEndedAsync();

    /// <summary>Silo-internal: an effect of an earlier change (audit row, state write, outbound publish) completed; settle what waits on it.</summary>
    [OneWay]
    ValueTask ProgressAsync();

    /// <summary>Silo-internal: sends the full routing entry again (the routing index lost it).</summary>
    [OneWay]
    ValueTask RepublishAsync();

    /// <summary>Records a probe's outcome; it moves trust_score. Throws <see cref="ProbeNotFoundException"/> for an unknown probe id.</summary>
    ValueTask<InfluencerView> ReportProbeResultAsync(ProbeResult result);
}
