using Chimera.Contracts.Provenance;

namespace Chimera.Grains.Hosting;

/// <summary>One adapter key the silo trusts (the keyring side; adapters load theirs with <c>Chimera.Client.Adapters.AdapterKeyOptions</c>): its ids, the base64 secret (or a file holding it) and the influencers it may speak for.</summary>
public sealed class TrustedAdapterKeyOptions
{
    public string AdapterId { get; set; } = "";

    public string KeyId { get; set; } = "";

    /// <summary>Base64 secret, at least 32 bytes decoded. Prefer <see cref="SecretFile"/> outside development.</summary>
    public string? Secret { get; set; }

    /// <summary>A file whose content is the base64 secret.</summary>
    public string? SecretFile { get; set; }

    /// <summary>Influencer ids this adapter may publish for; <c>*</c> for any.</summary>
    public List<string> Influencers { get; set; } = ["*"];

    public AdapterKey ToKey(string settingPath)
    {
        if (string.IsNullOrWhiteSpace(AdapterId) || string.IsNullOrWhiteSpace(KeyId))
        {
            throw new InvalidOperationException($"{settingPath}: AdapterId and KeyId are required.");
        }

        var text = SecretFile is { Length: > 0 } ? File.ReadAllText(SecretFile).Trim() : Secret;
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new InvalidOperationException($"{settingPath}: Secret or SecretFile is required.");
        }

        return AdapterKey.FromBase64(AdapterId, KeyId, text, Influencers.Count == 0 ? ["*"] : Influencers, settingPath);
    }
}
