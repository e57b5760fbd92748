using System.Diagnostics.CodeAnalysis;
using Chimera.Contracts.Validation;
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
            // Never ex.Message: StackExchange.Redis quotes the value it could not read, and with ';' for ',' that value
            // runs on over the rest of the string, password included. The keyword alone is safe to name.
            options = null;
            error = Unreadable(ex);
            return false;
        }
    }

    /// <summary>Why StackExchange.Redis refused a connection string, naming the keyword but never a value.</summary>
    public static string Unreadable(ArgumentException ex) =>
        ex.ParamName is { Length: > 0 } keyword
            ? $"the keyword '{TextRules.Quote(keyword)}' is not one StackExchange.Redis knows, or its value is not one it accepts"
            : "StackExchange.Redis cannot parse it";

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
