using Chimera.Contracts.Validation;

namespace Chimera.Silo.Http;

/// <summary>Validation of <see cref="ChimeraHttpOptions"/>, read while the silo is composed; every message names the setting.</summary>
internal sealed class ChimeraHttpOptionsValidator : SettingsValidator<ChimeraHttpOptions>
{
    protected override void Check(ChimeraHttpOptions options, List<string> errors)
    {
        if (!options.TryGetEndpoints(out _, out var error))
        {
            errors.Add(error);
        }

        if (options.ReceiverStallAfter <= TimeSpan.Zero)
        {
            errors.Add($"{ChimeraHttpOptions.Section}:ReceiverStallAfter ({options.ReceiverStallAfter}) must be positive.");
        }
    }
}
