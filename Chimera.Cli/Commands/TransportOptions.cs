using System.CommandLine;
using Chimera.Client;
using Chimera.Adapters;
using Chimera.Adapters.Redis;
using Chimera.Contracts.Spec;

namespace Chimera.Cli.Commands;

/// <summary>
/// Which transport an adapter publishes through: <c>orleans</c> (the cluster's ingest grain, the development
/// path) or <c>redis</c> (XADD into the status partitions, the production path; no Orleans connection needed).
/// The Redis connection string comes from <c>--redis</c>, <c>--redis-file</c>, or <c>CHIMERA_REDIS</c> /
/// <c>CHIMERA_REDIS_FILE</c>; one with a password is refused on the command line.
/// </summary>
internal sealed class TransportOptions(Func<string, string?> environment)
{
    public Option<string> Via { get; } = CreateVia();

    public Option<string> Redis { get; } = new("--redis") { Description = "Redis connection string for --via redis, e.g. 127.0.0.1:6379. " + CliSecrets.Sources("--redis", CliSecrets.RedisVariable) };

    public Option<string> RedisFile { get; } = new("--redis-file") { Description = "A file holding the Redis connection string for --via redis (keeps its password off the command line)." };

    public Option<int> Partitions { get; } = new("--partitions")
    {
        Description = $"Status stream partitions for --via redis; must equal the silos' Chimera:Redis:Partitions (default {StatusPartitioner.DefaultPartitions}).",
        DefaultValueFactory = _ => StatusPartitioner.DefaultPartitions,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Via);
        command.Options.Add(Redis);
        command.Options.Add(RedisFile);
        command.Options.Add(Partitions);
        Partitions.Validators.Add(result => CliArguments.RequireRange(result, "--partitions", 1, 1024));
        command.Validators.Add(result =>
        {
            var given = result.GetValue(Redis) is not null || result.GetValue(RedisFile) is not null;
            var fromEnvironment = !string.IsNullOrWhiteSpace(environment(CliSecrets.RedisVariable)) || !string.IsNullOrWhiteSpace(environment(CliSecrets.RedisVariable + CliSecrets.FileSuffix));
            if (result.GetValue(Via) == "redis" && !given && !fromEnvironment)
            {
                result.AddError($"--via redis needs a Redis connection string: --redis, --redis-file, or {CliSecrets.RedisVariable} / {CliSecrets.RedisVariable}{CliSecrets.FileSuffix}");
            }
            else if (result.GetValue(Via) != "redis" && given)
            {
                result.AddError("--redis and --redis-file are only used with --via redis");
            }
        });
    }

    public bool UsesRedis(ParseResult parse) => parse.GetValue(Via) == "redis";

    /// <summary>
    /// The Redis connection string for <c>--via redis</c>, from the option, its file, or the environment. Throws
    /// <see cref="ArgumentException"/> (exit 2) when none is set, or when the command line carries a password.
    /// </summary>
    public string ResolveRedis(ParseResult parse) =>
        CliSecrets.Resolve(parse, Redis, RedisFile, CliSecrets.RedisVariable, environment, CliSecrets.RedisHasPassword)
            ?? throw new ArgumentException($"--via redis needs a Redis connection string (--redis, --redis-file or {CliSecrets.RedisVariable})");

    /// <summary>The transport and what to dispose when done (the Redis connection, or the Orleans connection).</summary>
    public async Task<(IAdapterTransport Transport, IAsyncDisposable Owner)> CreateAsync(CliContext context, CancellationToken cancellationToken)
    {
        if (UsesRedis(context.Parse))
        {
            var redis = RedisAdapterTransport.Create(new RedisAdapterTransportOptions
            {
                ConnectionString = ResolveRedis(context.Parse),
                Partitions = context.Parse.GetValue(Partitions),
            });
            return (redis, redis);
        }

        ChimeraClientConnection connection = await context.ConnectAsync(cancellationToken).ConfigureAwait(false);
        return (new OrleansIngestTransport(connection.ClusterClient), connection);
    }

    private static Option<string> CreateVia()
    {
        var option = new Option<string>("--via")
        {
            Description = "Transport: orleans (the cluster's ingest grain, development path) or redis (XADD to the status streams; needs --redis).",
            DefaultValueFactory = _ => "orleans",
        };
        option.AcceptOnlyFromAmong("orleans", "redis");
        return option;
    }
}
