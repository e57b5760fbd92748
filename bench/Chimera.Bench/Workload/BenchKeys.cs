using System.Security.Cryptography;
using Chimera.Contracts.Provenance;
using Chimera.Grains.Hosting;

namespace Chimera.Bench.Workload;

/// <summary>The adapter key the bench's simulated adapters sign with (a fresh random secret per run).</summary>
internal static class BenchKeys
{
    private static readonly byte[] Secret = RandomNumberGenerator.GetBytes(32);

    public static AdapterKey Key { get; } = new("bench-adapter", "bench-1", Secret, ["*"]);

    public static TrustedAdapterKeyOptions Options => new()
    {
        AdapterId = Key.AdapterId,
        KeyId = Key.KeyId,
        Secret = Convert.ToBase64String(Secret),
        Influencers = ["*"],
    };
}
