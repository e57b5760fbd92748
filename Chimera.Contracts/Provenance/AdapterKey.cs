namespace Chimera.Contracts.Provenance;

/// <summary>
/// A signing key issued to one adapter. <see cref="Influencers"/> lists the influencer ids the adapter
/// may speak for; <c>*</c> allows any (spec §7.3).
/// </summary>
public sealed record AdapterKey(string AdapterId, string KeyId, byte[] Secret, IReadOnlyCollection<string> Influencers)
{
    /// <summary>Minimum secret length: 256 bits, the HMAC-SHA256 block security.</summary>
    public const int MinSecretBytes = 32;

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

    public bool MaySpeakFor(string influencerId)
    {
        foreach (var allowed in Influencers)
        {
            if (allowed == "*" || string.Equals(allowed, influencerId, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc/>
    public override string ToString() => $"AdapterKey {{ AdapterId = {AdapterId}, KeyId = {KeyId}, Secret = [redacted] }}";
}
