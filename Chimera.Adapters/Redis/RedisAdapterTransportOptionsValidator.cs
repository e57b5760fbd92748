using Chimera.Contracts.Validation;
using StackExchange.Redis;

namespace Chimera.Adapters.Redis;

/// <summary>
/// Validation of <see cref="RedisAdapterTransportOptions"/>, run by <see cref="RedisAdapterTransport.Create(RedisAdapterTransportOptions)"/>;
/// every message names the setting and none quotes the connection string, which may hold a password.
/// </summary>
public sealed class RedisAdapterTransportOptionsValidator : SettingsValidator<RedisAdapterTransportOptions>
{
    public static readonly RedisAdapterTransportOptionsValidator Instance = new();

    /// <summary>Most partitions a silo reads (<c>Chimera:Redis:Partitions</c>), so the most an adapter may write.</summary>
    public const int MaxPartitions = 1024;

    private const string Prefix = nameof(RedisAdapterTransportOptions) + ".";

    protected override void Check(RedisAdapterTransportOptions options, List<string> errors)
    {
        var inline = !string.IsNullOrWhiteSpace(options.ConnectionString);
        var file = !string.IsNullOrWhiteSpace(options.ConnectionStringFile);
        if (inline == file)
        {
            errors.Add($"{Prefix}ConnectionString / ConnectionStringFile: set exactly one of ConnectionString and ConnectionStringFile.");
        }
        else if (inline)
        {
            CheckConnectionString(options.ConnectionString, $"{Prefix}ConnectionString", errors);
        }
        else if (RedisAdapterTransportOptions.TryReadFile(options.ConnectionStringFile!, out var text, out var error))
        {
            CheckConnectionString(text, $"{Prefix}ConnectionStringFile ('{TextRules.Quote(options.ConnectionStringFile!, RedisAdapterTransportOptions.MaxQuotedPath)}')", errors);
        }
        else
        {
            errors.Add($"{Prefix}ConnectionStringFile: {error}");
        }

        if (options.Partitions is < 1 or > MaxPartitions)
        {
            errors.Add($"{Prefix}Partitions is {options.Partitions}; it must be 1-{MaxPartitions} and equal the silos' Chimera:Redis:Partitions.");
        }
    }

    private static void CheckConnectionString(string text, string origin, List<string> errors)
    {
        try
        {
            if (ConfigurationOptions.Parse(text).EndPoints.Count == 0)
            {
                errors.Add($"{origin} names no endpoint (e.g. 'localhost:6379').");
            }
        }
        catch (ArgumentException ex)
        {
            // Never ex.Message: StackExchange.Redis quotes the value it could not read, and that value can run on over the
            // rest of the string, password included (as the silo's own check says, Chimera.Redis RedisConnectionStrings).
            errors.Add(ex.ParamName is { Length: > 0 } keyword
                ? $"{origin} is not a valid StackExchange.Redis connection string: the keyword '{TextRules.Quote(keyword)}' is not one it knows, or its value is not one it accepts."
                : $"{origin} is not a valid StackExchange.Redis connection string.");
        }
    }
}
