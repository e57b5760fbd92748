using Chimera.Contracts.Validation;
using Chimera.Redis.Connection;

namespace Chimera.Redis.Hosting;

/// <summary>Start-up validation of <see cref="ChimeraRedisOptions"/>: every message names the setting.</summary>
internal sealed class ChimeraRedisOptionsValidator : SettingsValidator<ChimeraRedisOptions>
{
    private const string Prefix = ChimeraRedisOptions.SectionName + ":";

    protected override void Check(ChimeraRedisOptions options, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            errors.Add($"{Prefix}ConnectionString is required (e.g. 'localhost:6379').");
        }
        else if (!RedisConnectionStrings.TryParse(options.ConnectionString, out _, out var error))
        {
            errors.Add($"{Prefix}ConnectionString is not a valid StackExchange.Redis connection string: {error}");
        }

        if (options.Partitions is < 1 or > 1024)
        {
            errors.Add($"{Prefix}Partitions must be between 1 and 1024 (was {options.Partitions}); producers must use the same value.");
        }

        if (string.IsNullOrWhiteSpace(options.ConsumerGroup))
        {
            errors.Add($"{Prefix}ConsumerGroup must not be empty.");
        }

        if (options.ReadBatchSize is < 1 or > 10_000)
        {
            errors.Add($"{Prefix}ReadBatchSize must be between 1 and 10000 (was {options.ReadBatchSize}).");
        }

        if (options.CacheSize < 2 * options.ReadBatchSize)
        {
            errors.Add($"{Prefix}CacheSize must be at least twice {Prefix}ReadBatchSize (was {options.CacheSize} for a batch of {options.ReadBatchSize}).");
        }

        if (options.RetentionWindow < ChimeraRedisOptions.MaxStatusTtl)
        {
            errors.Add($"{Prefix}RetentionWindow must be at least the longest status TTL ({ChimeraRedisOptions.MaxStatusTtl.TotalMinutes:0} min); was {options.RetentionWindow}.");
        }

        if (options.TrimInterval <= TimeSpan.Zero)
        {
            errors.Add($"{Prefix}TrimInterval must be positive (was {options.TrimInterval}).");
        }

        if (options.InitialBackoff <= TimeSpan.Zero || options.MaxBackoff < options.InitialBackoff)
        {
            errors.Add($"{Prefix}InitialBackoff must be positive and {Prefix}MaxBackoff at least as long (were {options.InitialBackoff} and {options.MaxBackoff}).");
        }

        if (options.AckTimeout < TimeSpan.FromSeconds(1))
        {
            errors.Add($"{Prefix}AckTimeout must be at least 1 s (was {options.AckTimeout}).");
        }

        if (options.AckFlushInterval < TimeSpan.FromMilliseconds(1) || options.AckFlushInterval > TimeSpan.FromSeconds(5))
        {
            errors.Add($"{Prefix}AckFlushInterval must be between 1 ms and 5 s (was {options.AckFlushInterval}).");
        }

        if (options.LatestFlushInterval < TimeSpan.FromMilliseconds(1) || options.LatestFlushInterval > TimeSpan.FromSeconds(1))
        {
            // The latest key may outlive its status by at most this much (spec §3.3: gone within 1 s of expiry).
            errors.Add($"{Prefix}LatestFlushInterval must be between 1 ms and 1 s (was {options.LatestFlushInterval}).");
        }

        if (options.AnnounceMaxLength < 1)
        {
            errors.Add($"{Prefix}AnnounceMaxLength must be positive (was {options.AnnounceMaxLength}).");
        }

        if (options.DeadLetterMaxLength < 1)
        {
            errors.Add($"{Prefix}DeadLetterMaxLength must be positive (was {options.DeadLetterMaxLength}).");
        }
    }
}
