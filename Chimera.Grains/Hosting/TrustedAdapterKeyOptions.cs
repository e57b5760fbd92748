using Chimera.Contracts.Provenance;
using Chimera.Contracts.Validation;

namespace Chimera.Grains.Hosting;

/// <summary>
/// One adapter key the silo trusts (the keyring side; adapters load theirs with <c>Chimera.Adapters.AdapterKeyOptions</c>):
/// its ids, the base64 secret (or a file holding it) and the influencers it may speak for. Fails closed (spec §7.3):
/// a key must list its influencers, and <c>*</c> (any influencer) is honoured only when written, alone, on purpose.
/// </summary>
public sealed class TrustedAdapterKeyOptions
{
    public string AdapterId { get; set; } = "";

    public string KeyId { get; set; } = "";

    /// <summary>Base64 secret, at least 32 bytes decoded. Prefer <see cref="SecretFile"/> outside development.</summary>
    public string? Secret { get; set; }

    /// <summary>A file whose content is the base64 secret.</summary>
    public string? SecretFile { get; set; }

    /// <summary>
    /// Influencer ids this adapter may publish for; <c>["*"]</c> for any (logged as a warning at start-up). Empty by
    /// default and required: the configuration binder appends to a list that already has items, so a non-empty
    /// default would widen every configured list.
    /// </summary>
    public List<string> Influencers { get; set; } = [];

    /// <summary>Builds the key; throws <see cref="InvalidOperationException"/> naming the setting under <paramref name="settingPath"/> that is wrong.</summary>
    public AdapterKey ToKey(string settingPath)
    {
        if (!Identifiers.IsValid(AdapterId, StatusLimits.MaxKeyringIdLength))
        {
            throw new InvalidOperationException($"{settingPath}:AdapterId is required: 1-{StatusLimits.MaxKeyringIdLength} of A-Z a-z 0-9 - _ . : (was '{TextRules.Quote(AdapterId ?? "")}').");
        }

        if (!Identifiers.IsValid(KeyId, StatusLimits.MaxKeyringIdLength))
        {
            throw new InvalidOperationException($"{settingPath}:KeyId is required: 1-{StatusLimits.MaxKeyringIdLength} of A-Z a-z 0-9 - _ . : (was '{TextRules.Quote(KeyId ?? "")}').");
        }

        if (AdapterKey.DescribeInvalidInfluencers(Influencers) is { } invalid)
        {
            throw new InvalidOperationException($"{settingPath}:Influencers {invalid} (e.g. {settingPath}:Influencers:0=alpha).");
        }

        string? text;
        string origin;
        if (SecretFile is { Length: > 0 })
        {
            origin = $"{settingPath}:SecretFile";
            if (Secret is { Length: > 0 })
            {
                throw new InvalidOperationException($"{settingPath}: set Secret or SecretFile, not both.");
            }

            if (!File.Exists(SecretFile))
            {
                throw new InvalidOperationException($"{origin}: the file '{SecretFile}' does not exist.");
            }

            try
            {
                text = File.ReadAllText(SecretFile).Trim();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Unreadable (permissions, a device, a directory race): name the setting, never the file's content.
                throw new InvalidOperationException($"{origin}: the file '{SecretFile}' cannot be read ({ex.GetType().Name}).", ex);
            }
        }
        else
        {
            origin = $"{settingPath}:Secret";
            text = Secret;
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            throw new InvalidOperationException($"{settingPath}: Secret or SecretFile is required.");
        }

        return AdapterKey.FromBase64(AdapterId, KeyId, text, [.. Influencers], origin);
    }
}
