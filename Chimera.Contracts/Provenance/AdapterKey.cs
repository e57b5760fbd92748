using Chimera.Contracts.Validation;

namespace Chimera.Contracts.Provenance;

/// <summary>
/// A signing key issued to one adapter. <see cref="Influencers"/> lists the influencer ids the adapter may speak
/// for, and nothing else (spec §7.3): an empty list speaks for nobody and is refused by <see cref="AdapterKeyring"/>;
/// <see cref="AnyInfluencer"/> (<c>*</c>), written alone, allows every influencer.
/// </summary>
public sealed record AdapterKey(string AdapterId, string KeyId, byte[] Secret, IReadOnlyCollection<string> Influencers)
{
    /// <summary>Minimum secret length: 256 bits, the HMAC-SHA256 block security.</summary>
    public const int MinSecretBytes = 32;

    /// <summary>The one entry of <see cref="Influencers"/> that allows every influencer. Only ever explicit.</summary>
    public const string AnyInfluencer = "*";

    /// <summary>
    /// Builds a key from its base64 secret text, as configured for an adapter or a silo's keyring. Throws
    /// <see cref="InvalidOperationException"/> naming <paramref name="origin"/> (the setting it came from).
    /// </summary>
    public static AdapterKey FromBase64(string adapterId, string keyId, string base64Secret, IReadOnlyCollection<string> influencers, string origin)
    {
        byte[] secret;
        try
        {
            secret = Convert.FromBase64String(base64Secret.Trim());
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{origin}: the secret is not valid base64.");
        }

        if (secret.Length < MinSecretBytes)
        {
            throw new InvalidOperationException($"{origin}: the secret is {secret.Length} bytes; at least {MinSecretBytes} are required.");
        }

        return new AdapterKey(adapterId, keyId, secret, influencers);
    }

    /// <summary>True when <see cref="Influencers"/> is exactly <c>["*"]</c>.</summary>
    public bool SpeaksForAnyInfluencer => Influencers.Count == 1 && Influencers.Contains(AnyInfluencer);

    /// <summary>True when the key may publish for <paramref name="influencerId"/>: it is listed (ordinal), or the list is exactly <c>*</c>.</summary>
    public bool MaySpeakFor(string influencerId)
    {
        if (SpeaksForAnyInfluencer)
        {
            return true;
        }

        foreach (var allowed in Influencers)
        {
            if (string.Equals(allowed, influencerId, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Why this key's <see cref="Influencers"/> list is unusable, or null: it must be non-empty, hold only
    /// influencer ids (spec §2.2) and hold <c>*</c> only as its single entry.
    /// </summary>
    public static string? DescribeInvalidInfluencers(IReadOnlyCollection<string>? influencers)
    {
        if (influencers is null || influencers.Count == 0)
        {
            return "lists no influencers, so it could speak for nobody; list the influencer ids it may publish for, or \"*\" (alone) for any";
        }

        foreach (var id in influencers)
        {
            if (id == AnyInfluencer)
            {
                if (influencers.Count > 1)
                {
                    return "combines \"*\" with other entries; write \"*\" alone to allow every influencer, or list ids only";
                }
            }
            else if (id is null || !Identifiers.IsValid(id, StatusLimits.MaxInfluencerIdLength))
            {
                return $"lists '{TextRules.Quote(id ?? "")}', which is not an influencer id (1-{StatusLimits.MaxInfluencerIdLength} of A-Z a-z 0-9 - _ . :)";
            }
        }

        return null;
    }

    /// <inheritdoc/>
    public override string ToString() => $"AdapterKey {{ AdapterId = {AdapterId}, KeyId = {KeyId}, Secret = [redacted] }}";
}
