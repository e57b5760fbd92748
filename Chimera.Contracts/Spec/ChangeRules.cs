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

    /// <summary>
    /// Tolerance for the "at least 0.10" comparisons. Wire values are decimal numbers held as doubles, so a move the
    /// sender wrote as exactly 0.10 can subtract to 0.0999999999999999778 (0.3 − 0.2). The error of one subtraction
    /// of two values in [0, 1] is below 2⁻⁵² (about 2.2e-16); 1e-9 is far above that noise and far below any move a
    /// sender means to tell apart from 0.10, so 0.10 is a change and 0.0999 stays a heartbeat.
    /// </summary>
    public const double ThresholdTolerance = 1e-9;

    /// <summary>True when <paramref name="to"/> has moved from <paramref name="from"/> by at least <paramref name="threshold"/> (spec §4.2 rules 6–8), decimal-exact at the boundary.</summary>
    public static bool MovedAtLeast(double from, double to, double threshold) =>
        Math.Abs(to - from) >= threshold - ThresholdTolerance;

    /// <summary>True when one side of the pair is below <see cref="ProbeConfidenceThreshold"/> and the other is not (spec §4.2 rule 8).</summary>
    public static bool CrossesProbeThreshold(double from, double to) =>
        (from < ProbeConfidenceThreshold) != (to < ProbeConfidenceThreshold);
}
