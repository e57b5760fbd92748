using System.CommandLine;
using System.CommandLine.Invocation;
using Chimera.Contracts.Provenance;
using Chimera.Core.Hosting;
using Chimera.Postgres.Hosting;
using Chimera.Silo.Demo;
using Chimera.Silo.Hosting;
using Chimera.Silo.Http;
using Chimera.Silo.Telemetry;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Chimera.Silo;

/// <summary>
/// The silo's command line (System.CommandLine): run the silo (<c>--demo [N]</c>, <c>--json-logs</c>), or
/// <c>migrate</c>. Any other <c>--Section:Key=value</c> is a configuration override, as for every .NET host.
/// Exit codes: 0 ok, 2 usage or configuration error (one line naming the setting), 3 a server is unreachable.
/// </summary>
internal static class SiloCommand
{
    public const int Usage = 2;
    public const int Unreachable = 3;

    private const string ConfigurationHelp = """
        Configuration (appsettings.json, environment variables with __ for :, or --Key=value here):
          ConnectionStrings:Postgres   PostgreSQL: state, reminders, membership (table orleans_membership), audit
          ConnectionStrings:Redis      Redis: status stream, dead letters, latest keys, announcements
          Chimera:SiloPort / Chimera:GatewayPort / Chimera:AdvertisedAddress   cluster endpoints (11111 / 30000 / 127.0.0.1)
          Chimera:Http:Urls            HTTP: health, /metrics, the registry page, /dashboard (http://127.0.0.1:8080)
          Chimera:Http:Dashboard       Orleans Dashboard at /dashboard (default: on only in the embedded profile)
          Chimera:Telemetry:OtlpEndpoint   OTLP collector for metrics and traces (default: none)
          Chimera:Provenance:Adapters:N:{AdapterId,KeyId,Secret|SecretFile,Influencers:M}   the adapter keyring
        See README.md for every setting.
        """;

    public static Task<int> RunAsync(string[] args) => RunAsync(args, Console.Out, Console.Error);

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var root = Build(error);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is ParseErrorAction)
        {
            await error.WriteLineAsync($"chimera silo: {string.Join("; ", parse.Errors.Select(e => e.Message))} (see --help)");
            return Usage;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
    }

    internal static RootCommand Build(TextWriter error)
    {
        var demo = new Option<int>("--demo")
        {
            Description = "Run N simulated adapters inside the silo (default 12) and print a live view.",
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => 12,
        };
        demo.Validators.Add(result => RequireRange(result, "--demo", 1, 100_000));
        var jsonLogs = new Option<bool>("--json-logs") { Description = "Console logs as one JSON object per line (same as Chimera:Logging:Json=true)." };

        var root = new RootCommand("chimera-silo: a Chimera silo (the influencer status registry).\n\n" + ConfigurationHelp)
        {
            demo, jsonLogs,
        };
        root.TreatUnmatchedTokensAsErrors = false;
        root.SetAction((parse, ct) => Guard(error, () =>
        {
            var overrides = ConfigurationOverrides(parse);
            if (parse.GetResult(demo) is { Implicit: false })
            {
                overrides.Add($"--{DemoOptions.Section}:Influencers={parse.GetValue(demo)}");
            }

            if (parse.GetValue(jsonLogs))
            {
                overrides.Add($"--{ChimeraLoggingExtensions.JsonSetting}=true");
            }

            return RunSiloAsync([.. overrides], ct);
        }));

        var migrate = new Command("migrate", "Apply pending sql/ migrations to ConnectionStrings:Postgres (idempotent; creates the database when it does not exist).");
        migrate.TreatUnmatchedTokensAsErrors = false;
        migrate.SetAction((parse, ct) => Guard(error, () => MigrateAsync([.. ConfigurationOverrides(parse)], ct)));
        root.Subcommands.Add(migrate);
        return root;
    }

    private static async Task<int> RunSiloAsync(string[] configuration, CancellationToken cancellationToken)
    {
        // appsettings.json ships next to the binary; `dotnet run --project` from anywhere must find it.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = configuration,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.AddChimeraLogging();
        builder.AddChimeraSilo();
        builder.AddChimeraTelemetry();
        builder.AddChimeraHttp();
        builder.AddChimeraDemo();
        await using var app = builder.Build();
        app.MapChimeraHttp();

        // Fail at start-up, not on the first event: a keyring that cannot be built is a configuration error, and so
        // is a durability or self-preservation setting that cannot work (their validators name the setting).
        _ = app.Services.GetRequiredService<AdapterKeyring>();
        _ = app.Services.GetRequiredService<IOptions<DurabilityOptions>>().Value;
        _ = app.Services.GetRequiredService<IOptions<SelfPreservationOptions>>().Value;
        var profile = app.Services.GetRequiredService<SiloProfile>();
        if (profile.PostgresConnectionString is { } postgres)
        {
            // Refuse a database that is behind this build; the exception names the migrate command.
            await ChimeraPostgresSchema.EnsureCurrentAsync(postgres, cancellationToken);
        }

        var http = app.Configuration[$"{ChimeraHttpOptions.Section}:Urls"] ?? ChimeraHttpOptions.DefaultUrls;
        Console.Out.WriteLine($"chimera silo starting ({profile.Describe()}; http {http})");
        await app.RunAsync(cancellationToken);
        return 0;
    }

    /// <summary><c>migrate</c>: applies pending sql/ scripts to ConnectionStrings:Postgres (idempotent), creating the database if needed.</summary>
    private static async Task<int> MigrateAsync(string[] configuration, CancellationToken cancellationToken)
    {
        var settings = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(configuration)
            .Build();
        var connectionString = settings.GetConnectionString("Postgres");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            Console.Error.WriteLine("chimera migrate: ConnectionStrings:Postgres is not set (e.g. ConnectionStrings__Postgres=\"Host=...;Database=...\").");
            return Usage;
        }

        // The same check the silo runs on it: a string Npgsql cannot read is exit 2 naming the setting, not a stack trace.
        ChimeraPostgresOptionsValidator.Instance.ThrowIfInvalid(new ChimeraPostgresOptions { ConnectionString = connectionString });

        var report = await ChimeraPostgresSchema.MigrateAsync(connectionString, cancellationToken);
        if (report.CreatedDatabase is { } created)
        {
            Console.Out.WriteLine($"chimera migrate: created database {created}");
        }

        Console.Out.WriteLine(report.Applied.Count > 0
            ? $"chimera migrate: schema {report.FromVersion} -> {report.ToVersion}, applied {string.Join(", ", report.Applied)}"
            : $"chimera migrate: schema is current (version {report.ToVersion}); nothing to do");
        return 0;
    }

    /// <summary>Configuration errors and unreachable servers end in one line and an exit code, never a stack trace.</summary>
    private static async Task<int> Guard(TextWriter error, Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            await error.WriteLineAsync($"chimera silo: PostgreSQL has no such database ({ex.MessageText}); run `chimera-silo migrate` with the same ConnectionStrings:Postgres, which creates it.");
            return Usage;
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification)
        {
            await error.WriteLineAsync($"chimera silo: PostgreSQL refused the credentials of ConnectionStrings:Postgres ({ex.MessageText}).");
            return Usage;
        }
        catch (NpgsqlException ex) when (ex is not PostgresException)
        {
            await error.WriteLineAsync($"chimera silo: PostgreSQL is unreachable via ConnectionStrings:Postgres ({ex.Message}).");
            return Unreachable;
        }
        catch (Exception ex) when (ex is InvalidOperationException or FileNotFoundException or FormatException or ArgumentException or IOException or OptionsValidationException)
        {
            // Configuration errors (and an HTTP port in use): one line that names the setting.
            await error.WriteLineAsync($"chimera silo: {ex.Message}");
            return Usage;
        }
    }

    // Whatever System.CommandLine did not recognise: configuration overrides, --Key=value or --Key value.
    private static List<string> ConfigurationOverrides(ParseResult parse)
    {
        var tokens = parse.UnmatchedTokens;
        var result = new List<string>(tokens.Count);
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (!token.StartsWith("--", StringComparison.Ordinal) || token.Length == 2)
            {
                throw new ArgumentException($"unexpected argument '{token}': configuration overrides look like --Section:Key=value (see --help)");
            }

            result.Add(token);
            if (!token.Contains('=', StringComparison.Ordinal))
            {
                if (i + 1 >= tokens.Count || tokens[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new ArgumentException($"configuration override '{token}' has no value (use {token}=value)");
                }

                result.Add(tokens[++i]);
            }
        }

        return result;
    }

    private static void RequireRange(System.CommandLine.Parsing.OptionResult result, string name, int min, int max)
    {
        // Only a number can be out of range; a token that is not one gets the parser's own "cannot parse" error.
        if (result.Tokens.Count > 0 && int.TryParse(result.Tokens[0].Value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value)
            && (value < min || value > max))
        {
            result.AddError($"{name} must be {min}-{max}");
        }
    }
}
