using System.Security.Cryptography;
using System.Text;

namespace Chimera.Contracts.Provenance;

/// <summary>
/// The well-known adapter key of the embedded profile (demo adapters, <c>chimera publish</c> against a
/// local silo). Its secret is public, so a silo trusts it only when no real server is configured: the hosting
/// extensions (<c>AddChimeraRedis</c>, <c>AddChimeraPostgres</c>) refuse a keyring that holds it (spec §7.4).
/// </summary>
public static class DevelopmentKeys
{
    public const string AdapterId = "dev-adapter";

    public const string KeyId = "dev-1";

    /// <summary>The dev key: secret = SHA-256("chimera development key; not a secret").</summary>
    public static AdapterKey Key { get; } = new(
        AdapterId,
        KeyId,
        SHA256.HashData(Encoding.UTF8.GetBytes("chimera development key; not a secret")),
        [AdapterKey.AnyInfluencer]);

    /// <summary>True for the dev key under its own ids, and for any key that reuses its published secret.</summary>
    public static bool IsDevelopmentKey(AdapterKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return (key.AdapterId == AdapterId && key.KeyId == KeyId)
            || (key.Secret.Length == Key.Secret.Length && AdapterKeyring.SameSecret(key.Secret, Key.Secret));
    }
}
