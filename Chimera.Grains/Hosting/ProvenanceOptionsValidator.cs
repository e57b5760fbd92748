using Chimera.Contracts.Validation;

namespace Chimera.Grains.Hosting;

/// <summary>
/// Validation of <see cref="ProvenanceOptions"/> (spec §7.3, §7.4): the keyring is built as the silo will build it, secrets
/// and secret files included, against the real servers this silo runs with, and its first problem is reported naming the
/// setting. Registered without <c>ValidateOnStart</c>: a host may register an <c>AdapterKeyring</c> of its own and bind
/// no keys, so the options are checked when the keyring is built from them, which <see cref="KeyringCheck"/> does as
/// the silo starts.
/// </summary>
internal sealed class ProvenanceOptionsValidator(IReadOnlyCollection<string> realServers) : SettingsValidator<ProvenanceOptions>
{
    protected override void Check(ProvenanceOptions options, List<string> errors)
    {
        try
        {
            _ = options.BuildKeyring(realServers);
        }
        catch (InvalidOperationException ex)
        {
            errors.Add(ex.Message);
        }
    }
}
