using System.CommandLine;
using System.Data.Common;
using StackExchange.Redis;

namespace Chimera.Cli;

/// <summary>
/// Where the CLI takes connection strings and secrets from: an option, an option naming a file, or (when neither is
/// given) an environment variable or one naming a file. A connection string that carries a password is refused on
/// the command line itself, where every user of the machine can read it (<c>ps</c>, shell history).
/// </summary>
internal static class CliSecrets
{
    /// <summary>Environment variable of the gateway list (comma-separated <c>host:port</c>), when no cluster option is given.</summary>
    public const string GatewayVariable = "CHIMERA_GATEWAY";

    /// <summary>Environment variable of the PostgreSQL connection string (AdoNet clustering), when no cluster option is given.</summary>
    public const string PostgresVariable = "CHIMERA_POSTGRES";

    /// <summary>Environment variable of the Redis connection string for <c>--via redis</c>, when no <c>--redis</c> option is given.</summary>
    public const string RedisVariable = "CHIMERA_REDIS";

    /// <summary>Suffix of the variables that name a file holding the value instead (<c>CHIMERA_POSTGRES_FILE</c>, <c>CHIMERA_REDIS_FILE</c>).</summary>
    public const string FileSuffix = "_FILE";

    /// <summary>The help text of the sources of one value, e.g. for --postgres.</summary>
    public static string Sources(string option, string variable) =>
        $"Also {option}-file PATH, or the environment: {variable} or {variable}{FileSuffix} (a file). A connection string with a password is refused on the command line.";

    /// <summary>
    /// The value of <paramref name="option"/> / <paramref name="fileOption"/>, else of <paramref name="variable"/> /
    /// <paramref name="variable"/><c>_FILE</c>; null when none is set. Throws <see cref="ArgumentException"/> (exit 2)
    /// naming the option for conflicts, unreadable files and passwords on the command line.
    /// </summary>
    public static string? Resolve(ParseResult parse, Option<string> option, Option<string> fileOption, string variable, Func<string, string?> environment, Func<string, bool> hasPassword)
    {
        var inline = parse.GetValue(option);
        var file = parse.GetValue(fileOption);
        if (inline is not null && file is not null)
        {
            throw new ArgumentException($"use either {option.Name} or {fileOption.Name}, not both");
        }

        if (inline is not null)
        {
            if (hasPassword(inline))
            {
                throw new ArgumentException($"{option.Name} carries a password, and a command line is readable by every user of this machine; put it in {variable}, {variable}{FileSuffix} or {fileOption.Name} instead");
            }

            return inline;
        }

        if (file is not null)
        {
            return ReadFile(file, fileOption.Name);
        }

        var fromEnvironment = environment(variable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return fromEnvironment.Trim();
        }

        var fromFile = environment(variable + FileSuffix);
        return string.IsNullOrWhiteSpace(fromFile) ? null : ReadFile(fromFile, variable + FileSuffix);
    }

    /// <summary>The trimmed content of <paramref name="path"/>; throws naming <paramref name="origin"/> when it cannot be read or is empty.</summary>
    public static string ReadFile(string path, string origin)
    {
        string text;
        try
        {
            text = File.ReadAllText(path).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ArgumentException($"{origin}: cannot read '{path}': {ex.Message}");
        }

        return text.Length > 0 ? text : throw new ArgumentException($"{origin}: '{path}' is empty");
    }

    /// <summary>True when an ADO.NET (Npgsql) connection string names a password.</summary>
    public static bool PostgresHasPassword(string connectionString)
    {
        try
        {
            var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
            return (builder.TryGetValue("password", out var password) || builder.TryGetValue("pwd", out password)) && password is string { Length: > 0 };
        }
        catch (ArgumentException)
        {
            return connectionString.Contains("password", StringComparison.OrdinalIgnoreCase); // unparseable: err towards refusing
        }
    }

    /// <summary>True when a StackExchange.Redis connection string names a password.</summary>
    public static bool RedisHasPassword(string connectionString)
    {
        try
        {
            return !string.IsNullOrEmpty(ConfigurationOptions.Parse(connectionString).Password);
        }
        catch (ArgumentException)
        {
            return connectionString.Contains("password", StringComparison.OrdinalIgnoreCase);
        }
    }
}
