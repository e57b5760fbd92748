namespace Chimera.Contracts.Spec;

/// <summary>
/// trust_score for the public profile (spec §6.3): 0.6 x self-reported confidence + 0.4 x the probe pass
/// rate with a Laplace prior ((passed + 1) / (probes + 2), so an unprobed influencer starts at 0.5 on
/// that term), rounded to two decimals so small wobbles do not re-announce.
/// </summary>
public static class TrustScore
{
    public static double Compute(double confidence, int probesPassed, int probesTotal)
    {
        var c = double.IsFinite(confidence) ? Math.Clamp(confidence, 0.0, 1.0) : 0.0;
        var passRate = (probesPassed + 1.0) / (probesTotal + 2.0);
        return Math.Round((0.6 * c) + (0.4 * passRate), 2, MidpointRounding.AwayFromZero);
    }
}
