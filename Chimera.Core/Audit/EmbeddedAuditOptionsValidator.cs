using Microsoft.Extensions.Options;

namespace Chimera.Core.Audit;

/// <summary>Start-up validation of <see cref="EmbeddedAuditOptions"/>; the message names the setting.</summary>
internal sealed class EmbeddedAuditOptionsValidator : IValidateOptions<EmbeddedAuditOptions>
{
    public ValidateOptionsResult Validate(string? name, EmbeddedAuditOptions options) =>
        options.AuditCapacity is >= 1 and <= EmbeddedAuditOptions.MaxAuditCapacity
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"{EmbeddedAuditOptions.SectionName}:AuditCapacity must be 1 to {EmbeddedAuditOptions.MaxAuditCapacity:N0} rows (was {options.AuditCapacity}).");
}
