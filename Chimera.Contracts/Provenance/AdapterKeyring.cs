using Chimera.Contracts.Validation;

namespace Chimera.Contracts.Provenance;

/// <summary>
/// The adapter identities a silo trusts (spec §7.3). Verifies that an entry is signed by a known adapter
/// key, that the bytes were not altered, and that the adapter may speak for the influencer.
/// </summary>
public sealed class AdapterKeyring
{
    private readonly Dictionary<(string Adapter, string KeyId), AdapterKey> _keys;

    public AdapterKeyring(IEnumerable<AdapterKey> keys)
    {
        _keys = [];
        foreach (var key in keys)
        {
            if (key.Secret.Length < AdapterKey.MinSecretBytes)
            {
                throw new ArgumentException($"Adapter key {key.AdapterId}/{key.KeyId} has a {key.Secret.Length}-byte secret; at least {AdapterKey.MinSecretBytes} bytes are required.", nameof(keys));
            }

            if (!_keys.TryAdd((key.AdapterId, key.KeyId), key))
            {
                throw new ArgumentException($"Adapter key {key.AdapterId}/{key.KeyId} is configured twice.", nameof(keys));
            }
        }
    }

    public int Count => _keys.Count;

    /// <summary>Returns null when the entry's provenance is good for <paramref name="influencerId"/>, else the violation.</summary>
    public Violation? Verify(SignedStatusEntry entry, string influencerId) =>
        VerifySignature(entry, out var key) ?? Authorize(key!, entry, influencerId);

    /// <summary>
    /// Checks that the entry is signed by a known key and unaltered; on success <paramref name="key"/> is the
    /// signing key. Needs no parsing, so a forgery is rejected before its JSON is read.
    /// </summary>
    public Violation? VerifySignature(SignedStatusEntry entry, out AdapterKey? key)
    {
        key = null;
        if (string.IsNullOrEmpty(entry.AdapterId) || string.IsNullOrEmpty(entry.KeyId) || string.IsNullOrEmpty(entry.Signature))
        {
            return new Violation("$entry", RejectCodes.Unsigned, "the entry has no adapter provenance (adapter, kid and sig are required)");
        }

        if (!_keys.TryGetValue((entry.AdapterId, entry.KeyId), out var found))
        {
            return new Violation("$entry.adapter", RejectCodes.UnknownAdapter, $"adapter '{entry.AdapterId}' with key '{entry.KeyId}' is not in the keyring");
        }

        if (!HmacStatusSigner.Verify(found.Secret, found.AdapterId, found.KeyId, entry.EventJson, entry.Signature))
        {
            return new Violation("$entry.sig", RejectCodes.BadSignature, $"the signature does not match the event bytes for adapter '{entry.AdapterId}'");
        }

        key = found;
        return null;
    }

    /// <summary>Checks that the signing adapter may speak for <paramref name="influencerId"/>.</summary>
    public static Violation? Authorize(AdapterKey key, SignedStatusEntry entry, string influencerId) =>
        key.MaySpeakFor(influencerId)
            ? null
            : new Violation("$entry.adapter", RejectCodes.AdapterNotAuthorized, $"adapter '{entry.AdapterId}' may not publish for influencer '{influencerId}'");
}
