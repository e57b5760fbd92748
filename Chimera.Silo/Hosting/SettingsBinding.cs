using Chimera.Contracts.Validation;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Chimera.Silo.Hosting;

/// <summary>Sections the host needs while it is being composed (ports, URLs, exporters): the one options pattern, applied early.</summary>
internal static class SettingsBinding
{
    /// <summary>
    /// Binds <paramref name="section"/> and checks it now with <paramref name="validator"/> (an
    /// <see cref="OptionsValidationException"/> naming the setting), and registers the same binding and validator
    /// with <c>ValidateOnStart</c>, so <see cref="IOptions{TOptions}"/> holds exactly what the composition used.
    /// </summary>
    public static TOptions BindValidated<TOptions>(this IHostApplicationBuilder builder, string section, SettingsValidator<TOptions> validator)
        where TOptions : class, new()
    {
        var configuration = builder.Configuration.GetSection(section);
        var options = validator.ThrowIfInvalid(configuration.Get<TOptions>() ?? new TOptions());
        builder.Services.AddOptions<TOptions>().Bind(configuration).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>>(validator));
        return options;
    }
}
