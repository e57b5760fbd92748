namespace Chimera.Client;

/// <summary>How the client finds the cluster's gateways.</summary>
public enum ChimeraClustering
{
    /// <summary>A silo on this machine (the embedded profile): gateway 127.0.0.1:<see cref="ChimeraClientOptions.GatewayPort"/>.</summary>
    Localhost = 0,

    /// <summary>A fixed list of gateways, <see cref="ChimeraClientOptions.Gateways"/>.</summary>
    Static = 1,

    /// <summary>The membership table in PostgreSQL (Orleans AdoNet clustering), <see cref="ChimeraClientOptions.AdoNetConnectionString"/>.</summary>
    AdoNet = 2,
}
