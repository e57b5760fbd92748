using Chimera.Contracts.Provenance;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chimera.Grains.Hosting;

/// <summary>The adapter keyring (spec §7.3). Bound from <c>Chimera:Provenance</c>.</summary>
public sealed partial class ProvenanceOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Chimera:Provenance";

    /// <summary>Adapter keys the silo trusts.</summary>
    public List<TrustedAdapterKeyOptions> Adapters { get; set; } = [];

    /// <summary>
    /// Trust the public development key (<see cref="DevelopmentKeys"/>). The silo turns this on only in the
    /// embedded profile; with Redis or PostgreSQL configured the keyring refuses it.
    /// </summary>
    public bool TrustDevelopmentKey { get; set; }

    /// <summary>
    /// Builds the keyring; throws <see cref="InvalidOperationException"/> with the offending setting named. Refuses
    /// the development key (trusted, or reused as a configured key's secret) when <paramref name="realServers"/>
    /// is not empty, and logs a warning for every key that speaks for any influencer (<c>*</c>).
    /// </summary>
    public AdapterKeyring BuildKeyring(IReadOnlyCollection<string>? realServers = null, ILogger? logger = null)
    {
        logger ??= NullLogger.Instance;
        var keys = new List<AdapterKey>();
        var seen = new Dictionary<(string, string), string>();
        for (var i = 0; i < Adapters.Count; i++)
        {
            var path = $"{SectionName}:Adapters:{i}";
            var key = Adapters[i].ToKey(path);
            if (!seen.TryAdd((key.AdapterId, key.KeyId), path))
            {
                throw new InvalidOperationException($"{path} repeats adapter '{key.AdapterId}' key '{key.KeyId}' of {seen[(key.AdapterId, key.KeyId)]}; an (AdapterId, KeyId) pair may appear once.");
            }

            if (DevelopmentKeys.IsDevelopmentKey(key) && realServers is { Count: > 0 })
            {
                throw new InvalidOperationException($"{path} is the public development key (its ids or its published secret), but this silo runs with {string.Join(" and ", realServers)}; issue this adapter a secret of its own (head -c 32 /dev/urandom | base64).");
            }

            if (key.SpeaksForAnyInfluencer)
            {
                LogAnyInfluencer(logger, path, key.AdapterId, key.KeyId);
            }

            keys.Add(key);
        }

        if (TrustDevelopmentKey)
        {
            if (realServers is { Count: > 0 })
            {
                throw new InvalidOperationException($"{SectionName}:TrustDevelopmentKey is true, but this silo runs with {string.Join(" and ", realServers)}; the development key's secret is public. Configure {SectionName}:Adapters instead (see README, 'Adapter keys').");
            }

            keys.Add(DevelopmentKeys.Key);
        }

        if (keys.Count == 0)
        {
            throw new InvalidOperationException($"No adapter keys are configured, so every status event would be rejected. Set {SectionName}:Adapters (see README, 'Adapter keys').");
        }

        try
        {
            return new AdapterKeyring(keys);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException($"{SectionName}:Adapters: {ex.Message.Replace($" (Parameter '{ex.ParamName}')", "", StringComparison.Ordinal)}", ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Setting} ({AdapterId}/{KeyId}) may speak for every influencer (Influencers = [\"*\"]); list the influencer ids it publishes for unless that is intended")]
    private static partial void LogAnyInfluencer(ILogger logger, string setting, string adapterId, string keyId);
}
