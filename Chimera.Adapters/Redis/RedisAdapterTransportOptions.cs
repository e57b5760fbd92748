using System.Diagnostics.CodeAnalysis;
using Chimera.Contracts.Spec;
using Chimera.Contracts.Validation;

namespace Chimera.Adapters.Redis;

/// <summary>
/// Where an adapter publishes: the Redis server and the partition count the silos read (they must agree). Checked by
/// <see cref="RedisAdapterTransportOptionsValidator"/>.
/// </summary>
public sealed class RedisAdapterTransportOptions
{
    /// <summary>StackExchange.Redis connection string, e.g. <c>localhost:6379</c>. This or <see cref="ConnectionStringFile"/> is required.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>A file whose content is the connection string (keeps a password out of configuration and command lines).</summary>
    public string? ConnectionStringFile { get; set; }

    /// <summary>Partitions of <see cref="PerceptionNames.StatusTopic"/>; must equal the silos' <c>Chimera:Redis:Partitions</c>. Default 8.</summary>
    public int Partitions { get; set; } = StatusPartitioner.DefaultPartitions;

    /// <summary>Longest file path quoted whole in a message (Linux PATH_MAX); longer ones are cut.</summary>
    internal const int MaxQuotedPath = 4096;

    /// <summary>The connection string these options name: inline, or the trimmed content of its file. Call after validation.</summary>
    internal string ResolveConnectionString() =>
        string.IsNullOrWhiteSpace(ConnectionString) && TryReadFile(ConnectionStringFile!, out var text, out _) ? text : ConnectionString;

    /// <summary>Reads a connection-string file; on failure <paramref name="error"/> says why, never quoting the content.</summary>
    internal static bool TryReadFile(string path, out string text, [NotNullWhen(false)] out string? error)
    {
        text = "";
        if (!File.Exists(path))
        {
            error = $"the file '{TextRules.Quote(path, MaxQuotedPath)}' does not exist.";
            return false;
        }

        try
        {
            text = File.ReadAllText(path).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error = $"the file '{TextRules.Quote(path, MaxQuotedPath)}' cannot be read ({ex.GetType().Name}).";
            return false;
        }

        error = text.Length == 0 ? $"the file '{TextRules.Quote(path, MaxQuotedPath)}' is empty." : null;
        return error is null;
    }
}
