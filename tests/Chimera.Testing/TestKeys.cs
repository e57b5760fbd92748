using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Chimera.Contracts.Provenance;

namespace Chimera.Testing;

/// <summary>
/// Adapter keys for tests on the production profiles. A silo with Redis or PostgreSQL refuses the public
/// development key (spec §7.4), so those tests sign with these instead; the secrets are fixed so separate
/// processes (a silo process, a CLI process) agree on them.
/// </summary>
public static class TestKeys
{
    /// <summary>A key that speaks for any influencer (<c>*</c>, written explicitly).</summary>
    public static AdapterKey Any { get; } = Create("test-adapter", "test-1", [AdapterKey.AnyInfluencer]);

    /// <summary>A key with a deterministic secret derived from its ids, for the <paramref name="influencers"/> listed.</summary>
    public static AdapterKey Create(string adapterId, string keyId, IReadOnlyCollection<string> influencers) =>
        new(adapterId, keyId, SHA256.HashData(Encoding.UTF8.GetBytes($"chimera test key {adapterId}/{keyId}; tests only")), influencers);

    /// <summary>The environment variables that put <paramref name="key"/> at <c>Chimera:Provenance:Adapters:{index}</c>, as the README shows.</summary>
    public static Dictionary<string, string> Environment(AdapterKey key, int index = 0)
    {
        ArgumentNullException.ThrowIfNull(key);
        var prefix = string.Create(CultureInfo.InvariantCulture, $"Chimera__Provenance__Adapters__{index}__");
        var variables = new Dictionary<string, string>
        {
            [prefix + "AdapterId"] = key.AdapterId,
            [prefix + "KeyId"] = key.KeyId,
            [prefix + "Secret"] = Convert.ToBase64String(key.Secret),
        };
        var i = 0;
        foreach (var influencer in key.Influencers)
        {
            variables[prefix + string.Create(CultureInfo.InvariantCulture, $"Influencers__{i++}")] = influencer;
        }

        return variables;
    }
}
