namespace Chimera.Silo.Demo;

/// <summary>Demo mode: simulated adapters inside the silo and a live console view. Bound from <c>Chimera:Demo</c>.</summary>
public sealed class DemoOptions
{
    public const string Section = "Chimera:Demo";

    /// <summary>Number of simulated influencers; 0 turns the demo off.</summary>
    public int Influencers { get; set; }

    /// <summary>How often the console view refreshes. Default 3 s.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Mean time between status changes of one simulated influencer. Default 10 s.</summary>
    public TimeSpan MeanTimeBetweenChanges { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Fraction of simulated influencers whose probes fail (fixed per influencer). Default 0.25: most pass, some fail.</summary>
    public double ProbeFailureRate { get; set; } = 0.25;

    /// <summary>How long a simulated influencer takes to answer a probe. Default 2 s.</summary>
    public TimeSpan ProbeAnswerDelay { get; set; } = TimeSpan.FromSeconds(2);
}
