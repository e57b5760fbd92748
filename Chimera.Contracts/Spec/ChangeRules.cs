namespace Chimera.Contracts.Spec;

/// <summary>
/// What makes a status event a <em>change</em> rather than a plain heartbeat (spec §4). A heartbeat only
/// refreshes last-seen in memory; a change is audited, re-indexed for routing and may re-announce.
/// </summary>
public static class ChangeRules
{
    /// <summary>A load move of at least this much, from the load last indexed, is a change.</summary>
    public const double LoadThreshold = 0.10;

    /// <summary>A relevance move of at least this much is a change (it moves the TTL and the rank).</summary>
    public const double RelevanceThreshold = 0.10;

    /// <summary>Confidence below this needs a probe before high-cost work (spec §5); crossing it is a change.</summary>
    public const double ProbeConfidenceThreshold = 0.5;

    /// <summary>How long a scheduled probe stays pending: no second probe is scheduled meanwhile, and after it the probe no longer counts as pending.</summary>
    public static readonly TimeSpan ProbeHold = TimeSpan.FromMinutes(10);

    /// <summary>Any confidence move of at least this much is a change (it moves trust_score).</summary>
    public const double ConfidenceThreshold = 0.10;
}
