using System.Security.Cryptography;
using System.Text;

namespace Chimera.Contracts.Provenance;

/// <summary>
/// The well-known adapter key of the embedded profile (demo adapters, <c>chimera publish</c> against a
/// local silo). Its secret is public, so a silo trusts it only when no keyring is configured and no
/// Redis is configured; a production silo refuses to start with it (see the silo's option validation).
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
        ["*"]);
}
