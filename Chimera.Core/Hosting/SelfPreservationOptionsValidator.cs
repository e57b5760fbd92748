using Chimera.Contracts.Validation;

namespace Chimera.Core.Hosting;

/// <summary>Start-up validation of <see cref="SelfPreservationOptions"/>; every message names the setting.</summary>
internal sealed class SelfPreservationOptionsValidator : SettingsValidator<SelfPreservationOptions>
{
    private const string Prefix = SelfPreservationOptions.SectionName + ":";

    protected override void Check(SelfPreservationOptions options, List<string> errors)
    {
        if (!(options.ExpiringShare > 0 && options.ExpiringShare < 1))
        {
            errors.Add($"{Prefix}ExpiringShare must be between 0 and 1, exclusive (was {options.ExpiringShare}); the default is 0.2.");
        }

        if (options.MaxHold <= TimeSpan.Zero || options.MaxHold > TimeSpan.FromHours(1))
        {
            // Bounded by design (spec §3.6): a hold that outlives an hour is the unbounded self-preservation this avoids.
            errors.Add($"{Prefix}MaxHold must be positive and at most 1 hour (was {options.MaxHold}).");
        }

        Positive(errors, "RecoveryGrace", options.RecoveryGrace, allowZero: true);
        Positive(errors, "ReportInterval", options.ReportInterval, allowZero: false);
        Positive(errors, "StuckAfter", options.StuckAfter, allowZero: false);
        Positive(errors, "LagThreshold", options.LagThreshold, allowZero: false);
        if (options.ReportTimeout <= options.ReportInterval)
        {
            errors.Add($"{Prefix}ReportTimeout must be longer than {Prefix}ReportInterval (were {options.ReportTimeout} and {options.ReportInterval}).");
        }
    }

    private static void Positive(List<string> errors, string setting, TimeSpan value, bool allowZero)
    {
        if (value < TimeSpan.Zero || (!allowZero && value == TimeSpan.Zero))
        {
            errors.Add($"{Prefix}{setting} must be {(allowZero ? "zero or more" : "positive")} (was {value}).");
        }
    }
}
