using System.Diagnostics.CodeAnalysis;
using StackExchange.Redis;

namespace Chimera.Redis.Connection;

/// <summary>Parses connection strings and renders them without secrets for logs and error messages.</summary>
internal static class RedisConnectionStrings
{
    public static bool TryParse(string connectionString, [NotNullWhen(true)] out ConfigurationOptions? options, [NotNullWhen(false)] out string? error)
    {
        try
        {
            options = ConfigurationOptions.Parse(connectionString);
            if (options.EndPoints.Count == 0)
            {
                error = "it names no endpoint";
                options = null;
                return false;
            }

            error = null;
            return true;
        }
        catch (ArgumentException ex)
        {
            options = null;
            error = ex.Message;
            return false;
        }
    }

    /// <summary>The connection string with the password removed (ConfigurationOptions renders it without).</summary>
    public static string Redact(string connectionString) =>
        TryParse(connectionString, out var options, out _) ? options.ToString(includePassword: false) : "(unparseable connection string)";

    /// <summary>Options for a long-lived multiplexer: keep retrying instead of failing start-up when Redis is down.</summary>
    public static ConfigurationOptions ForService(string connectionString)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        return options;
    }
}
