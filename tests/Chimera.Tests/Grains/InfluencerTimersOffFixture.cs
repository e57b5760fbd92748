namespace Chimera.Tests.Grains;

/// <summary>The two-silo embedded cluster on an <see cref="InfluencerTimersOffClock"/>: no influencer grain timer ever runs.</summary>
public sealed class InfluencerTimersOffFixture : ChimeraClusterFixture
{
    public InfluencerTimersOffFixture()
        : base(new InfluencerTimersOffClock())
    {
    }

    /// <summary>Influencer grain timers the clock held back so far.</summary>
    public int TimersHeldBack => ((InfluencerTimersOffClock)Clock).HeldBack;
}
