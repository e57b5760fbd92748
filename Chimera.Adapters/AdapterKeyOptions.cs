using Chimera.Contracts.Provenance;
using Chimera.Contracts.Validation;

namespace Chimera.Adapters;

/// <summary>
/// The adapter's signing key (spec §7.3), bound from <c>Chimera:Adapter:Key</c>. The secret is base64 and
/// comes from exactly one of <see cref="Secret"/>, <see cref="SecretEnvironmentVariable"/> or
/// <see cref="SecretFile"/>; with none of them and <see cref="UseDevelopmentKey"/> the public dev key is used.
/// </summary>
public sealed class AdapterKeyOptions
{
    public const string SectionName = "Chimera:Adapter:Key";

    /// <summary>The adapter id the silo's keyring knows.</summary>
    public string? AdapterId { get; set; }

    /// <summary>The key id (lets keys rotate).</summary>
    public string? KeyId { get; set; }

    /// <summary>Base64 secret, inline (prefer the environment variable or file).</summary>
    public string? Secret { get; set; }

    /// <summary>Name of an environment variable that holds the base64 secret.</summary>
    public string? SecretEnvironmentVariable { get; set; }

    /// <summary>Path of a file whose content is the base64 secret.</summary>
    public string? SecretFile { get; set; }

    /// <summary>Use <see cref="DevelopmentKeys.Key"/> when no key is configured at all (only a silo with no real server trusts it).</summary>
    public bool UseDevelopmentKey { get; set; }

    /// <summary>
    /// Builds the key for <paramref name="influencerId"/>, after <see cref="AdapterKeyOptionsValidator"/> has checked these
    /// options (secret source included): <c>OptionsValidationException</c> naming the setting that is wrong.
    /// </summary>
    public AdapterKey Load(string influencerId)
    {
        AdapterKeyOptionsValidator.Instance.ThrowIfInvalid(this);
        return Build(influencerId);
    }

    /// <summary>The key itself; throws <see cref="InvalidOperationException"/> naming the setting that is wrong.</summary>
    internal AdapterKey Build(string influencerId)
    {
        var sources = (Secret is null ? 0 : 1) + (SecretEnvironmentVariable is null ? 0 : 1) + (SecretFile is null ? 0 : 1);
        if (sources == 0)
        {
            // Naming a key but giving no secret is a mistake, never a reason to sign with the public key instead.
            return UseDevelopmentKey && AdapterId is null && KeyId is null
                ? DevelopmentKeys.Key
                : throw new InvalidOperationException($"{SectionName}: no secret configured{(AdapterId is null ? "" : $" for adapter '{AdapterId}'")}; set Secret, SecretEnvironmentVariable or SecretFile (or, with no AdapterId or KeyId, UseDevelopmentKey for a local silo).");
        }

        if (sources > 1)
        {
            throw new InvalidOperationException($"{SectionName}: set only one of Secret, SecretEnvironmentVariable and SecretFile.");
        }

        if (string.IsNullOrWhiteSpace(AdapterId) || string.IsNullOrWhiteSpace(KeyId))
        {
            throw new InvalidOperationException($"{SectionName}:AdapterId and {SectionName}:KeyId are required with a configured secret.");
        }

        foreach (var (setting, id) in new[] { ("AdapterId", AdapterId), ("KeyId", KeyId) })
        {
            if (!Identifiers.IsValid(id, StatusLimits.MaxKeyringIdLength))
            {
                // The silo's keyring holds only such ids (Chimera:Provenance:Adapters:N), so any other could never verify.
                throw new InvalidOperationException($"{SectionName}:{setting} must be 1-{StatusLimits.MaxKeyringIdLength} of A-Z a-z 0-9 - _ . : (was '{TextRules.Quote(id)}').");
            }
        }

        string text;
        string origin;
        if (SecretEnvironmentVariable is not null)
        {
            origin = $"{SectionName}:SecretEnvironmentVariable ({SecretEnvironmentVariable})";
            text = Environment.GetEnvironmentVariable(SecretEnvironmentVariable)
                ?? throw new InvalidOperationException($"{origin}: the environment variable is not set.");
        }
        else if (SecretFile is not null)
        {
            origin = $"{SectionName}:SecretFile ({SecretFile})";
            text = File.Exists(SecretFile) ? ReadSecretFile(SecretFile, origin) : throw new InvalidOperationException($"{origin}: the file does not exist.");
        }
        else
        {
            origin = $"{SectionName}:Secret";
            text = Secret!;
        }

        return AdapterKey.FromBase64(AdapterId, KeyId, text, [influencerId], origin);
    }

    private static string ReadSecretFile(string path, string origin)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Unreadable (permissions, a device): name the setting, never the file's content.
            throw new InvalidOperationException($"{origin}: the file cannot be read ({ex.GetType().Name}).", ex);
        }
    }
}
