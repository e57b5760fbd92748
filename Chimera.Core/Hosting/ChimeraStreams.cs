namespace Chimera.Core.Hosting;

/// <summary>Names shared by every profile: the same grain code runs on memory streams or Redis.</summary>
public static class ChimeraStreams
{
    /// <summary>The Orleans stream provider that carries status events (memory in the embedded profile, Redis in production).</summary>
    public const string ProviderName = "chimera";

    /// <summary>The grain storage used by influencer grains.</summary>
    public const string InfluencerStateStorage = "influencers";

    /// <summary>The grain storage Orleans streaming needs for explicit subscriptions.</summary>
    public const string PubSubStorage = "PubSubStore";
}
