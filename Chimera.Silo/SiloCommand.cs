using Chimera.Contracts.Provenance;
using Chimera.Grains.Hosting;
using Chimera.Postgres.Hosting;
using Chimera.Silo.Demo;
using Chimera.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Chimera.Silo;

/// <summary>
/// The silo's command line: <c>[--demo [N]]</c> runs the silo (with N simulated adapters), other
/// arguments are configuration overrides (<c>--Chimera:SiloPort=11112</c>).
/// </summary>
internal static class SiloCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            if (args.Length > 0 && args[0] == "migrate")
            {
                return await MigrateAsync(args[1..]);
            }

            // appsettings.json ships next to the binary; `dotnet run --project` from anywhere must find it.
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
            {
                Args = TranslateDemoFlag(args),
                ContentRootPath = AppContext.BaseDirectory,
            });
            builder.AddChimeraSilo();
            builder.AddChimeraDemo();
            using var host = builder.Build();

            // Fail at start-up, not on the first event: a keyring that cannot be built is a configuration error, and so
            // is a durability or self-preservation setting that cannot work (their validators name the setting).
            _ = host.Services.GetRequiredService<AdapterKeyring>();
            _ = host.Services.GetRequiredService<IOptions<DurabilityOptions>>().Value;
            _ = host.Services.GetRequiredService<IOptions<SelfPreservationOptions>>().Value;
            var profile = host.Services.GetRequiredService<SiloProfile>();
            if (profile.PostgresConnectionString is { } postgres)
            {
                // Refuse a database that is behind this build; the exception names the migrate command.
                await ChimeraPostgresSchema.EnsureCurrentAsync(postgres);
            }

            Console.Out.WriteLine($"chimera silo starting ({profile.Describe()})");
            await host.RunAsync();
            return 0;
        }
        catch (Exception ex) when (ex is InvalidOperationException or FileNotFoundException or FormatException or OptionsValidationException)
        {
            // Configuration errors: one line that names the setting, exit 2.
            Console.Error.WriteLine($"chimera silo: {ex.Message}");
            return 2;
        }
    }

    /// <summary><c>migrate</c>: applies pending sql/ scripts to ConnectionStrings:Postgres (idempotent).</summary>
    private static async Task<int> MigrateAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        var connectionString = builder.Configuration.GetConnectionString("Postgres");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            Console.Error.WriteLine("chimera migrate: ConnectionStrings:Postgres is not set (e.g. ConnectionStrings__Postgres=\"Host=...;Database=...\").");
            return 2;
        }

        var report = await ChimeraPostgresSchema.MigrateAsync(connectionString);
        Console.Out.WriteLine(report.ChangedAnything
            ? $"chimera migrate: schema {report.FromVersion} -> {report.ToVersion}, applied {string.Join(", ", report.Applied)}"
            : $"chimera migrate: schema is current (version {report.ToVersion}); nothing to do");
        return 0;
    }

    /// <summary><c>--demo</c> or <c>--demo N</c> is shorthand for <c>--Chimera:Demo:Influencers=N</c> (default 12).</summary>
    private static string[] TranslateDemoFlag(string[] args)
    {
        var result = new List<string>(args.Length);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] != "--demo")
            {
                result.Add(args[i]);
                continue;
            }

            var count = "12";
            if (i + 1 < args.Length && int.TryParse(args[i + 1], out _))
            {
                count = args[++i];
            }

            result.Add($"--{DemoOptions.Section}:Influencers={count}");
        }

        return [.. result];
    }
}
