using System.Net;
using Chimera.Contracts.Validation;

namespace Chimera.Silo.Hosting;

/// <summary>Validation of <see cref="ChimeraSiloOptions"/>, read while the silo is composed; every message names the setting.</summary>
internal sealed class ChimeraSiloOptionsValidator : SettingsValidator<ChimeraSiloOptions>
{
    private const string Prefix = ChimeraSiloOptions.Section + ":";

    protected override void Check(ChimeraSiloOptions options, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(options.ClusterId))
        {
            errors.Add($"{Prefix}ClusterId must not be empty; silos and clients with the same one form a cluster (default 'chimera').");
        }

        if (string.IsNullOrWhiteSpace(options.ServiceId))
        {
            errors.Add($"{Prefix}ServiceId must not be empty; stored state is keyed by it (default 'chimera').");
        }

        if (options.SiloPort is < 1 or > 65535 || options.GatewayPort is < 1 or > 65535 || options.SiloPort == options.GatewayPort)
        {
            errors.Add($"{Prefix}SiloPort ({options.SiloPort}) and {Prefix}GatewayPort ({options.GatewayPort}) must be distinct ports in 1-65535.");
        }

        if (!IPAddress.TryParse(options.AdvertisedAddress, out _))
        {
            errors.Add($"{Prefix}AdvertisedAddress '{TextRules.Quote(options.AdvertisedAddress ?? "")}' is not an IP address.");
        }
    }
}
