using Chimera.Contracts.Provenance;
using Chimera.Grains.Hosting;

namespace Chimera.Redis.Tests;

/// <summary>Keyring entries for test silos, from the test keys the entries are signed with.</summary>
internal static class TestAdapterKeys
{
    public static TrustedAdapterKeyOptions Trusted(AdapterKey key) => new()
    {
        AdapterId = key.AdapterId,
        KeyId = key.KeyId,
        Secret = Convert.ToBase64String(key.Secret),
        Influencers = [.. key.Influencers],
    };
}
