namespace Chimera.Contracts.Provenance;

/// <summary>
/// A signing key issued to one adapter. <see cref="Influencers"/> lists the influencer ids the adapter
/// may speak for; <c>*</c> allows any (spec §7.3).
/// </summary>
public sealed record AdapterKey(string AdapterId, string KeyId, byte[] Secret, IReadOnlyCollection<string> Influencers)
{
    /// <summary>Minimum secret length: 256 bits, the HMAC-SHA256 block security.</summary>
    public const int MinSecretBytes = 32;

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
