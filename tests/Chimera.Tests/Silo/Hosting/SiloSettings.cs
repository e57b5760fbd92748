using Chimera.Silo.Demo;
using Chimera.Silo.Hosting;
using Chimera.Silo.Http;
using Chimera.Silo.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Chimera.Tests.Silo.Hosting;

/// <summary>
/// A silo host composed the way <c>chimera-silo</c> composes it (silo, telemetry, HTTP, demo), from settings as configuration
/// keys, and never started: the one place the options tests build a host.
/// </summary>
internal static class SiloSettings
{
    public static IHost Compose(IReadOnlyDictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddChimeraSilo();
        builder.AddChimeraTelemetry();
        builder.AddChimeraHttp();
        builder.AddChimeraDemo();
        return builder.Build();
    }

    public static IHost Compose(string setting, string value) => Compose(new Dictionary<string, string?> { [setting] = value });

    /// <summary>The options as the composed host binds and validates them.</summary>
    public static TOptions Bound<TOptions>(this IHost host)
        where TOptions : class => host.Services.GetRequiredService<IOptions<TOptions>>().Value;

    /// <summary>
    /// The refusal of <paramref name="settings"/>: while the host is composed (a section the composition reads) or when
    /// <typeparamref name="TOptions"/> is first read (a section checked by <c>ValidateOnStart</c>), never later.
    /// </summary>
    public static OptionsValidationException Refusal<TOptions>(IReadOnlyDictionary<string, string?> settings)
        where TOptions : class =>
        Should.Throw<OptionsValidationException>(() =>
        {
            using var host = Compose(settings);
            _ = host.Bound<TOptions>();
        });

    public static OptionsValidationException Refusal<TOptions>(string setting, string value)
        where TOptions : class => Refusal<TOptions>(new Dictionary<string, string?> { [setting] = value });
}
