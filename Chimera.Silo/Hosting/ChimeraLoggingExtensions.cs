
namespace Chimera.Silo.Hosting;

/// <summary>
/// Console logging an operator can use: every line starts with a UTC timestamp (single-line text), or one JSON object
/// per line with <c>--json-logs</c> / <c>Chimera:Logging:Json=true</c> for a log shipper. Membership changes are logged
/// at Information by <see cref="MembershipLogger"/>.
/// </summary>
public static class ChimeraLoggingExtensions
{
    public const string JsonSetting = "Chimera:Logging:Json";

    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z' ";

    public static IHostApplicationBuilder AddChimeraLogging(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var json = builder.Configuration.GetValue<bool>(JsonSetting);
        builder.Logging.ClearProviders();
        if (json)
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.TimestampFormat = TimestampFormat.TrimEnd();
                o.IncludeScopes = false;
            });
        }
        else
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = TimestampFormat;
                o.IncludeScopes = false;
            });
        }

        builder.Services.AddHostedService<MembershipLogger>();
        return builder;
    }
}
