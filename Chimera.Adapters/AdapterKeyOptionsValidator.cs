using Chimera.Contracts.Validation;

namespace Chimera.Adapters;

/// <summary>
/// Validation of <see cref="AdapterKeyOptions"/>, run by <see cref="AdapterKeyOptions.Load"/>: the key is built as the adapter
/// will build it (the environment variable or file read, the secret decoded) and its first problem reported naming the
/// setting, never the secret.
/// </summary>
public sealed class AdapterKeyOptionsValidator : SettingsValidator<AdapterKeyOptions>
{
    public static readonly AdapterKeyOptionsValidator Instance = new();

    // Any valid id: the influencer only fills the key's list, and no check depends on it.
    private const string AnyInfluencer = "validation";

    protected override void Check(AdapterKeyOptions options, List<string> errors)
    {
        try
        {
            _ = options.Build(AnyInfluencer);
        }
        catch (InvalidOperationException ex)
        {
            errors.Add(ex.Message);
        }
    }
}
