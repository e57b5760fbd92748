using Chimera.Contracts.Validation;

namespace Chimera.Core.Hosting;

/// <summary>Start-up validation of <see cref="DurabilityOptions"/>; every message names the setting.</summary>
internal sealed class DurabilityOptionsValidator : SettingsValidator<DurabilityOptions>
{
    private const string Prefix = DurabilityOptions.SectionName + ":";

    protected override void Check(DurabilityOptions options, List<string> errors)
    {
        if (options.OutageWindow <= TimeSpan.Zero)
        {
            errors.Add($"{Prefix}OutageWindow must be positive (was {options.OutageWindow}); the default is 00:15:00.");
        }

        if (options.StateLoadTimeout <= TimeSpan.Zero || options.StateLoadTimeout > TimeSpan.FromMinutes(1))
        {
            errors.Add($"{Prefix}StateLoadTimeout must be positive and at most 1 minute (was {options.StateLoadTimeout}).");
        }

        if (options.DeliveryWait < TimeSpan.Zero || options.DeliveryWait > TimeSpan.FromSeconds(5))
        {
            errors.Add($"{Prefix}DeliveryWait must be between 0 and 5 s (was {options.DeliveryWait}): longer holds an influencer's heartbeats back during an outage.");
        }

        if (options.RecoveryCatchUp < TimeSpan.Zero || options.RecoveryCatchUp > TimeSpan.FromMinutes(10))
        {
            errors.Add($"{Prefix}RecoveryCatchUp must be between 0 and 10 minutes (was {options.RecoveryCatchUp}).");
        }

        if (options.RetryMinBackoff <= TimeSpan.Zero || options.RetryMaxBackoff < options.RetryMinBackoff)
        {
            errors.Add($"{Prefix}RetryMinBackoff must be positive and {Prefix}RetryMaxBackoff at least as long (were {options.RetryMinBackoff} and {options.RetryMaxBackoff}).");
        }
    }
}
