using Chimera.Contracts.Validation;

namespace Chimera.Silo.Demo;

/// <summary>
/// Start-up validation of <see cref="DemoOptions"/>; each message names its <c>Chimera:Demo:*</c> setting. A zero or
/// negative interval would stop the console view or a simulated influencer's timer with an exception mid-run, and a
/// failure rate outside 0–1 means nothing.
/// </summary>
internal sealed class DemoOptionsValidator : SettingsValidator<DemoOptions>
{
    /// <summary>Most simulated influencers one silo runs (each is a grain and a timer).</summary>
    public const int MaxInfluencers = 100_000;

    protected override void Check(DemoOptions options, List<string> errors)
    {
        if (options.Influencers is < 0 or > MaxInfluencers)
        {
            errors.Add($"{DemoOptions.Section}:Influencers is {options.Influencers}; it must be 0 (off) to {MaxInfluencers}.");
        }

        Positive(errors, nameof(DemoOptions.RefreshInterval), options.RefreshInterval);
        Positive(errors, nameof(DemoOptions.MeanTimeBetweenChanges), options.MeanTimeBetweenChanges);
        if (options.ProbeAnswerDelay < TimeSpan.Zero)
        {
            errors.Add($"{DemoOptions.Section}:ProbeAnswerDelay is {options.ProbeAnswerDelay}; it must not be negative.");
        }

        if (!(options.ProbeFailureRate is >= 0 and <= 1))
        {
            errors.Add($"{DemoOptions.Section}:ProbeFailureRate is {options.ProbeFailureRate}; it must be between 0 and 1.");
        }
    }

    private static void Positive(List<string> errors, string setting, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{DemoOptions.Section}:{setting} is {value}; it must be positive.");
        }
    }
}
