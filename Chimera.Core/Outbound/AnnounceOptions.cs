namespace Chimera.Core.Outbound;

/// <summary>How internal metadata maps to the public OpenClaw profile (spec §6). Bound from <c>Chimera:Announce</c>.</summary>
public sealed class AnnounceOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Chimera:Announce";

    /// <summary>Public display names by influencer id; an influencer without one is announced under its id.</summary>
    public Dictionary<string, string> DisplayNames { get; set; } = new(StringComparer.Ordinal);

    /// <summary>When non-empty, only these capability names are announced (after the private-prefix filter).</summary>
    public HashSet<string> PublicCapabilityAllowList { get; set; } = new(StringComparer.Ordinal);
}
