using Chimera.Contracts.Grains;

namespace Chimera.Contracts.Spec;

/// <summary>
/// The routing formulas of spec §5, next to the other spec rules so the routing index, the benchmarks and the docs
/// share one spelling: the rank score within a status, and when a candidate needs a passed probe before high-cost work.
/// </summary>
public static class RouteRules
{
    /// <summary>Weight of spare capacity (1 − load) in the score.</summary>
    public const double LoadWeight = 0.7;

    /// <summary>Weight of relevance_score in the score.</summary>
    public const double RelevanceWeight = 0.3;

    /// <summary>Spec §5: score = 0.7 × (1 − load) + 0.3 × relevance_score; higher ranks first within a status.</summary>
    public static double Score(double load, double relevance) => (LoadWeight * (1.0 - load)) + (RelevanceWeight * relevance);

    /// <summary>
    /// Spec §5: high-cost work goes only to a candidate whose confidence is at least
    /// <see cref="ChangeRules.ProbeConfidenceThreshold"/> or whose last probe passed.
    /// </summary>
    public static bool NeedsProbe(CostClass cost, double confidence, bool probeVerified) =>
        cost == CostClass.High && confidence < ChangeRules.ProbeConfidenceThreshold && !probeVerified;
}
