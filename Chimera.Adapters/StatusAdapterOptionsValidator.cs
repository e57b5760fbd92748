using Chimera.Contracts.Validation;

namespace Chimera.Adapters;

/// <summary>Validation of <see cref="StatusAdapterOptions"/>, run by the <see cref="StatusAdapter"/> constructor; every message names the setting.</summary>
public sealed class StatusAdapterOptionsValidator : SettingsValidator<StatusAdapterOptions>
{
    public static readonly StatusAdapterOptionsValidator Instance = new();

    private const string Prefix = nameof(StatusAdapterOptions) + ".";

    protected override void Check(StatusAdapterOptions options, List<string> errors)
    {
        if (Identifiers.InfluencerIdError(options.InfluencerId) is { } error)
        {
            errors.Add($"{Prefix}InfluencerId: {error}");
        }

        if (options.BufferCapacity < 1)
        {
            errors.Add($"{Prefix}BufferCapacity is {options.BufferCapacity}; it must be at least 1.");
        }

        if (options.RetryInitialDelay <= TimeSpan.Zero || options.RetryMaxDelay < options.RetryInitialDelay)
        {
            errors.Add($"{Prefix}RetryInitialDelay ({options.RetryInitialDelay}) must be positive and at most RetryMaxDelay ({options.RetryMaxDelay}).");
        }

        if (options.StopDrainTimeout < TimeSpan.Zero)
        {
            errors.Add($"{Prefix}StopDrainTimeout is {options.StopDrainTimeout}; it must not be negative.");
        }

        if (string.IsNullOrWhiteSpace(options.SpecReference))
        {
            errors.Add($"{Prefix}SpecReference is empty; events must cite a ratified spec.");
        }
    }
}
