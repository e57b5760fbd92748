namespace Chimera.Client;

/// <summary>
/// How a Chimera client reaches the cluster. Bound from the configuration section
/// <see cref="SectionName"/> (<c>Chimera:Client</c>), then the code's <c>configure</c> callback runs.
/// </summary>
public sealed class ChimeraClientOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "Chimera:Client";

    public const string DefaultClusterId = "chimera";

    public const string DefaultServiceId = "chimera";

    public const int DefaultGatewayPort = 30000;

    public const string DefaultAdoNetInvariant = "Npgsql";

    /// <summary>Orleans cluster id; must match the silos' (default <c>chimera</c>).</summary>
    public string ClusterId { get; set; } = DefaultClusterId;

    /// <summary>Orleans service id; must match the silos' (default <c>chimera</c>).</summary>
    public string ServiceId { get; set; } = DefaultServiceId;

    /// <summary>How gateways are found (default <see cref="ChimeraClustering.Localhost"/>).</summary>
    public ChimeraClustering Clustering { get; set; } = ChimeraClustering.Localhost;

    /// <summary>Gateway port of the local silo for <see cref="ChimeraClustering.Localhost"/> (default 30000).</summary>
    public int GatewayPort { get; set; } = DefaultGatewayPort;

    /// <summary>Gateways as <c>host:port</c> for <see cref="ChimeraClustering.Static"/>; host is an IP address or a DNS name.</summary>
    public IList<string> Gateways { get; } = [];

    /// <summary>PostgreSQL connection string of the membership table for <see cref="ChimeraClustering.AdoNet"/>.</summary>
    public string? AdoNetConnectionString { get; set; }

    /// <summary>ADO.NET invariant of the membership database (default <c>Npgsql</c>).</summary>
    public string AdoNetInvariant { get; set; } = DefaultAdoNetInvariant;

    /// <summary>Interval at which <c>IChimeraClient.TopAsync</c> polls (default 2 s).</summary>
    public TimeSpan WatchInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Most changes one read of <c>IChimeraClient.WatchAsync</c> fetches (default 500, at most 1000).</summary>
    public int WatchPageSize { get; set; } = 500;

    /// <summary>How long one read of the change stream waits on the silo for news before it asks again (default 10 s, at most 15 s).</summary>
    public TimeSpan WatchWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>First pause before <c>WatchAsync</c> retries after losing the cluster; doubles, jittered (default 200 ms).</summary>
    public TimeSpan WatchRetryInitial { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest pause between <c>WatchAsync</c> retries (default 5 s).</summary>
    public TimeSpan WatchRetryMax { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long <c>ChimeraClientConnection.ConnectAsync</c> waits for the cluster before it reports it
    /// unreachable (default 15 s); Orleans itself would keep retrying a refused gateway for minutes.
    /// </summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A one-line description of where the client looks for the cluster, for error messages.</summary>
    public string DescribeTarget() => Clustering switch
    {
        ChimeraClustering.Localhost => $"localhost gateway 127.0.0.1:{GatewayPort} (cluster '{ClusterId}', service '{ServiceId}')",
        ChimeraClustering.Static => $"gateways {string.Join(", ", Gateways)} (cluster '{ClusterId}', service '{ServiceId}')",
        ChimeraClustering.AdoNet => $"PostgreSQL membership ({DescribeConnection(AdoNetConnectionString)}, cluster '{ClusterId}', service '{ServiceId}')",
        _ => Clustering.ToString(),
    };

    // A connection string may hold a password: name only host, port and database.
    private static string DescribeConnection(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return "no connection string";
        }

        var parts = new List<string>();
        foreach (var pair in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                continue;
            }

            var key = pair[..eq].Trim();
            if (key.Equals("Host", StringComparison.OrdinalIgnoreCase) || key.Equals("Server", StringComparison.OrdinalIgnoreCase)
                || key.Equals("Port", StringComparison.OrdinalIgnoreCase) || key.Equals("Database", StringComparison.OrdinalIgnoreCase))
            {
                parts.Add(pair);
            }
        }

        return parts.Count == 0 ? "connection string given" : string.Join(";", parts);
    }
}
