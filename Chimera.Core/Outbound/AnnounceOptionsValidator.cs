using Chimera.Contracts.Model;
using Chimera.Contracts.Validation;

namespace Chimera.Core.Outbound;

/// <summary>
/// Start-up validation of <see cref="AnnounceOptions"/> (spec §6); every message names the setting. What is configured here
/// leaves the cluster in every announcement, so a display name is printable text of bounded length, and a name keyed by
/// something that can never be an influencer id, or an allow-list entry that can never match a capability, is a typo
/// reported at start rather than a setting silently ignored.
/// </summary>
internal sealed class AnnounceOptionsValidator : SettingsValidator<AnnounceOptions>
{
    /// <summary>Longest public display name, in UTF-16 code units.</summary>
    public const int MaxDisplayNameLength = 128;

    private const string Prefix = AnnounceOptions.SectionName + ":";

    protected override void Check(AnnounceOptions options, List<string> errors)
    {
        foreach (var (influencerId, displayName) in options.DisplayNames ?? [])
        {
            if (Identifiers.InfluencerIdError(influencerId) is { } error)
            {
                errors.Add($"{Prefix}DisplayNames: '{TextRules.Quote(influencerId)}' is not an influencer id ({error}).");
            }
            else if (string.IsNullOrWhiteSpace(displayName) || displayName.Length > MaxDisplayNameLength || !TextRules.IsStorable(displayName))
            {
                errors.Add($"{Prefix}DisplayNames:{influencerId} must be 1-{MaxDisplayNameLength} characters of printable text (was '{TextRules.Quote(displayName ?? "")}').");
            }
        }

        foreach (var name in options.PublicCapabilityAllowList ?? [])
        {
            if (!Capability.TryParse(name + ":v1", out _, out _))
            {
                errors.Add($"{Prefix}PublicCapabilityAllowList: '{TextRules.Quote(name ?? "")}' is not a capability name (the part before ':v', e.g. video-gen: a-z first, then a-z 0-9 - _ .).");
            }
        }
    }
}
