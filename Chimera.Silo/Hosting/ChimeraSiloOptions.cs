namespace Chimera.Silo.Hosting;

/// <summary>Cluster identity and endpoints of this silo. Bound from <c>Chimera</c>.</summary>
public sealed class ChimeraSiloOptions
{
    public const string Section = "Chimera";

    /// <summary>Silos and clients with the same ClusterId form one cluster. Default <c>chimera</c>.</summary>
    public string ClusterId { get; set; } = "chimera";

    /// <summary>Identifies the service across deployments (storage keys depend on it). Default <c>chimera</c>.</summary>
    public string ServiceId { get; set; } = "chimera";

    /// <summary>Silo-to-silo port. Default 11111.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port clients connect to. Default 30000.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos and clients reach this silo at (clustered profile). Default 127.0.0.1.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";
}
