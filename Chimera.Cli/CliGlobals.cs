using System.CommandLine;
using Chimera.Client;

namespace Chimera.Cli;

/// <summary>
/// Options every command accepts: where the cluster is, and the output format. The cluster may also come from the
/// environment (<c>CHIMERA_GATEWAY</c>, <c>CHIMERA_POSTGRES</c> / <c>CHIMERA_POSTGRES_FILE</c>) when no option names it.
/// </summary>
internal sealed class CliGlobals(Func<string, string?> environment)
{
    public Option<string[]> Gateway { get; } = new("--gateway")
    {
        Description = $"A silo gateway as host:port (repeatable). Or {CliSecrets.GatewayVariable}=host:port[,host:port...]. Default: localhost clustering on 127.0.0.1:30000.",
        Recursive = true,
        AllowMultipleArgumentsPerToken = false,
        Arity = ArgumentArity.ZeroOrMore,
    };

    public Option<string> Postgres { get; } = new("--postgres")
    {
        Description = "PostgreSQL connection string of the Orleans membership table (AdoNet clustering, invariant Npgsql). " + CliSecrets.Sources("--postgres", CliSecrets.PostgresVariable),
        Recursive = true,
    };

    public Option<string> PostgresFile { get; } = new("--postgres-file")
    {
        Description = "A file holding the PostgreSQL connection string (keeps its password off the command line).",
        Recursive = true,
    };

    /// <summary>How the CLI reads environment variables (the process's; tests pass their own).</summary>
    public Func<string, string?> Environment { get; } = environment;

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
        root.Options.Add(PostgresFile);
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
        var postgresOption = parse.GetValue(Postgres) is not null || parse.GetValue(PostgresFile) is not null;
        if (gateways.Length > 0 && postgresOption)
        {
            throw new ArgumentException("use either --gateway or --postgres, not both");
        }

        // No cluster option: the environment may name one (a command-line choice always wins over it).
        var postgres = CliSecrets.Resolve(parse, Postgres, PostgresFile, CliSecrets.PostgresVariable,
            gateways.Length > 0 ? _ => null : Environment, CliSecrets.PostgresHasPassword);
        if (gateways.Length == 0 && !postgresOption && Environment(CliSecrets.GatewayVariable) is { Length: > 0 } fromEnvironment)
        {
            if (postgres is not null)
            {
                throw new ArgumentException($"both {CliSecrets.GatewayVariable} and {CliSecrets.PostgresVariable} are set; unset one, or choose with --gateway or --postgres");
            }

            gateways = fromEnvironment.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
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
