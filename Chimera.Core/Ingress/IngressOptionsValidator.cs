using Chimera.Contracts.Validation;

namespace Chimera.Core.Ingress;

/// <summary>Start-up validation of <see cref="IngressOptions"/>; messages name the setting.</summary>
internal sealed class IngressOptionsValidator : SettingsValidator<IngressOptions>
{
    /// <summary>Longest replay window accepted: past it, date arithmetic on hostile timestamps is no longer safe to reason about.</summary>
    public static readonly TimeSpan MaxReplayWindow = TimeSpan.FromDays(7);

    /// <summary>Largest clock skew accepted.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromHours(1);

    protected override void Check(IngressOptions options, List<string> errors)
    {
        if (options.ReplayWindow <= TimeSpan.Zero || options.ReplayWindow > MaxReplayWindow)
        {
            errors.Add($"Chimera:Ingress:ReplayWindow must be positive and at most {MaxReplayWindow.TotalDays:0} days (was {options.ReplayWindow}).");
        }

        if (options.MaxClockSkew < TimeSpan.Zero || options.MaxClockSkew > MaxClockSkew)
        {
            errors.Add($"Chimera:Ingress:MaxClockSkew must be between 0 and {MaxClockSkew.TotalMinutes:0} minutes (was {options.MaxClockSkew}).");
        }
    }
}
