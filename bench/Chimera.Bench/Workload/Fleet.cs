using Chimera.Contracts.Model;

namespace Chimera.Bench.Workload;

/// <summary>
/// A synthetic but realistic fleet: 24 capability names with a skewed popularity (a few, like captioning,
/// are everywhere; most are niche), 1–4 capabilities per influencer at versions v1–v3, load and confidence
/// spread over their ranges (about 15% below the probe threshold). Deterministic for a seed.
/// </summary>
internal static class Fleet
{
    public static readonly string[] CapabilityNames =
    [
        "captioning", "video-gen", "image-gen", "voice-over", "translation", "summarize", "script-writing", "thumbnail",
        "music-gen", "editing", "dubbing", "avatar", "live-stream", "moderation", "sentiment", "trend-scan",
        "seo", "hashtag", "storyboard", "color-grade", "subtitle-sync", "podcast", "ad-copy", "analytics",
    ];

    public static string Id(int i) => $"inf-{i:D6}";

    /// <summary>A capability name with Zipf-like weight 1/(rank+1).</summary>
    public static string PickName(Random random)
    {
        var total = 0.0;
        for (var i = 0; i < CapabilityNames.Length; i++)
        {
            total += 1.0 / (i + 1);
        }

        var x = random.NextDouble() * total;
        for (var i = 0; i < CapabilityNames.Length; i++)
        {
            x -= 1.0 / (i + 1);
            if (x <= 0)
            {
                return CapabilityNames[i];
            }
        }

        return CapabilityNames[^1];
    }

    public static Capability[] Capabilities(Random random)
    {
        var count = 1 + random.Next(4);
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (names.Count < count)
        {
            names.Add(PickName(random));
        }

        return [.. names.Select(n => new Capability(n, 1 + random.Next(3)))];
    }

    public static double Confidence(Random random) => random.NextDouble() < 0.15 ? 0.2 + (random.NextDouble() * 0.29) : 0.5 + (random.NextDouble() * 0.5);
}
