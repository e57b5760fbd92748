using Chimera.Contracts.Validation;

namespace Chimera.Core.Audit;

/// <summary>Start-up validation of <see cref="EmbeddedAuditOptions"/>; the message names the setting.</summary>
internal sealed class EmbeddedAuditOptionsValidator : SettingsValidator<EmbeddedAuditOptions>
{
    protected override void Check(EmbeddedAuditOptions options, List<string> errors)
    {
        if (options.AuditCapacity is < 1 or > EmbeddedAuditOptions.MaxAuditCapacity)
        {
            errors.Add($"{EmbeddedAuditOptions.SectionName}:AuditCapacity must be 1 to {EmbeddedAuditOptions.MaxAuditCapacity:N0} rows (was {options.AuditCapacity}).");
        }
    }
}
