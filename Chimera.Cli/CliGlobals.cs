using System.CommandLine;
using Chimera.Client;

namespace Chimera.Cli;

/// <summary>Options every command accepts: where the cluster is, and the output format.</summary>
internal sealed class CliGlobals
{
    public Option<string[]> Gateway { get; } = new("--gateway")
    {
        Description = "A silo gateway as host:port (repeatable). Default: localhost clustering on 127.0.0.1:30000.",
        Recursive = true,
        AllowMultipleArgumentsPerToken = false,
        Arity = ArgumentArity.ZeroOrMore,
    };

    public Option<string> Postgres { get; } = new("--postgres")
    {
        Description = "PostgreSQL connection string of the Orleans membership table (AdoNet clustering, invariant Npgsql).",
        Recursive = true,
    };

    public Option<string> ClusterId { get; } = new("--cluster-id")
    {
        Description = $"Orleans cluster id (default {ChimeraClientOptions.DefaultClusterId}).",
        Recursive = true,
        DefaultValueFactory = _ => ChimeraClientOptions.DefaultClusterId,
    };

    public Option<string> ServiceId { get; } = new("--service-id")
    {
        Description = $"Orleans service id (default {ChimeraClientOptions.DefaultServiceId}).",
        Recursive = true,
        DefaultValueFactory = _ => ChimeraClientOptions.DefaultServiceId,
    };

    public Option<double> ConnectTimeout { get; } = new("--connect-timeout")
    {
        Description = "Seconds to wait for the cluster before exit code 3 (default 15).",
        Recursive = true,
        DefaultValueFactory = _ => 15.0,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Write machine-readable JSON (one document per line) instead of text.",
        Recursive = true,
    };

    public void AddTo(RootCommand root)
    {
        root.Options.Add(Gateway);
        root.Options.Add(Postgres);
        root.Options.Add(ClusterId);
        root.Options.Add(ServiceId);
        root.Options.Add(ConnectTimeout);
        root.Options.Add(Json);
    }

    /// <summary>Client options from the command line; throws <see cref="ArgumentException"/> for conflicting choices.</summary>
    public ChimeraClientOptions ToClientOptions(ParseResult parse)
    {
        var options = new ChimeraClientOptions
        {
            ClusterId = parse.GetValue(ClusterId) ?? ChimeraClientOptions.DefaultClusterId,
            ServiceId = parse.GetValue(ServiceId) ?? ChimeraClientOptions.DefaultServiceId,
        };
        var connectTimeout = parse.GetValue(ConnectTimeout);
        if (!double.IsFinite(connectTimeout) || connectTimeout is <= 0 or > 3600)
        {
            throw new ArgumentException("--connect-timeout must be 0-3600 seconds");
        }

        options.ConnectTimeout = TimeSpan.FromSeconds(connectTimeout);
        var gateways = parse.GetValue(Gateway) ?? [];
        var postgres = parse.GetValue(Postgres);
        if (gateways.Length > 0 && postgres is not null)
        {
            throw new ArgumentException("use either --gateway or --postgres, not both");
        }

        if (gateways.Length > 0)
        {
            options.Clustering = ChimeraClustering.Static;
            foreach (var gateway in gateways)
            {
                options.Gateways.Add(gateway);
            }
        }
        else if (postgres is not null)
        {
            options.Clustering = ChimeraClustering.AdoNet;
            options.AdoNetConnectionString = postgres;
        }

        return options;
    }
}
