using System.Security.Cryptography;
using Chimera.Contracts.Validation;

namespace Chimera.Contracts.Provenance;

/// <summary>
/// The adapter identities a silo trusts (spec §7.3). Verifies that an entry is signed by a known adapter
/// key, that the bytes were not altered, and that the adapter may speak for the influencer. Fails closed: a key
/// must list the influencers it speaks for (or <c>*</c> alone), or the keyring is not built.
/// </summary>
public sealed class AdapterKeyring
{
    private readonly Dictionary<(string Adapter, string KeyId), Entry> _keys;

    public AdapterKeyring(IEnumerable<AdapterKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _keys = [];
        foreach (var key in keys)
        {
            var name = $"Adapter key {TextRules.Quote(key.AdapterId)}/{TextRules.Quote(key.KeyId)}";
            if (!Identifiers.IsValid(key.AdapterId, StatusLimits.MaxKeyringIdLength) || !Identifiers.IsValid(key.KeyId, StatusLimits.MaxKeyringIdLength))
            {
                throw new ArgumentException($"{name}: adapter and key ids must be 1-{StatusLimits.MaxKeyringIdLength} of A-Z a-z 0-9 - _ . :", nameof(keys));
            }

            if (key.Secret.Length < AdapterKey.MinSecretBytes)
            {
                throw new ArgumentException($"{name} has a {key.Secret.Length}-byte secret; at least {AdapterKey.MinSecretBytes} bytes are required.", nameof(keys));
            }

            if (AdapterKey.DescribeInvalidInfluencers(key.Influencers) is { } invalid)
            {
                throw new ArgumentException($"{name} {invalid}.", nameof(keys));
            }

            var authority = key.SpeaksForAnyInfluencer ? null : new HashSet<string>(key.Influencers, StringComparer.Ordinal);
            if (!_keys.TryAdd((key.AdapterId, key.KeyId), new Entry(key, authority)))
            {
                throw new ArgumentException($"{name} is configured twice.", nameof(keys));
            }

            ContainsDevelopmentKey |= DevelopmentKeys.IsDevelopmentKey(key);
        }
    }

    public int Count => _keys.Count;

    /// <summary>
    /// True when a key is the public development key (by its ids or by its published secret). Hosting refuses
    /// such a keyring whenever a real server is configured (spec §7.4).
    /// </summary>
    public bool ContainsDevelopmentKey { get; }

    /// <summary>The keys, for start-up diagnostics (which speak for any influencer).</summary>
    public IEnumerable<AdapterKey> Keys => _keys.Values.Select(e => e.Key);

    /// <summary>Returns null when the entry's provenance is good for <paramref name="influencerId"/>, else the violation.</summary>
    public Violation? Verify(SignedStatusEntry entry, string influencerId) =>
        VerifySignature(entry, out var key) ?? Authorize(key!, entry, influencerId);

    /// <summary>
    /// Checks that the entry is signed by a known key and unaltered; on success <paramref name="key"/> is the
    /// signing key. Needs no parsing, so a forgery is rejected before its JSON is read.
    /// </summary>
    public Violation? VerifySignature(SignedStatusEntry entry, out AdapterKey? key)
    {
        ArgumentNullException.ThrowIfNull(entry);
        key = null;
        if (string.IsNullOrEmpty(entry.AdapterId) || string.IsNullOrEmpty(entry.KeyId) || string.IsNullOrEmpty(entry.Signature))
        {
            return new Violation("$entry", RejectCodes.Unsigned, "the entry has no adapter provenance (adapter, kid and sig are required)");
        }

        if (TooLong(entry) is { } damaged)
        {
            return damaged;
        }

        if (!_keys.TryGetValue((entry.AdapterId, entry.KeyId), out var found))
        {
            return new Violation("$entry.adapter", RejectCodes.UnknownAdapter, $"adapter '{TextRules.Quote(entry.AdapterId)}' with key '{TextRules.Quote(entry.KeyId)}' is not in the keyring");
        }

        if (!HmacStatusSigner.Verify(found.Key.Secret, found.Key.AdapterId, found.Key.KeyId, entry.EventJson, entry.Signature))
        {
            return new Violation("$entry.sig", RejectCodes.BadSignature, $"the signature does not match the event bytes for adapter '{found.Key.AdapterId}'");
        }

        key = found.Key;
        return null;
    }

    /// <summary>Checks that the signing adapter may speak for <paramref name="influencerId"/> (exactly the listed ids, or any with <c>*</c>).</summary>
    public Violation? Authorize(AdapterKey key, SignedStatusEntry entry, string influencerId)
    {
        ArgumentNullException.ThrowIfNull(key);
        var allowed = _keys.TryGetValue((key.AdapterId, key.KeyId), out var found) && ReferenceEquals(found.Key, key)
            ? found.Authority is null || found.Authority.Contains(influencerId)
            : key.MaySpeakFor(influencerId);
        return allowed
            ? null
            : new Violation("$entry.adapter", RejectCodes.AdapterNotAuthorized, $"adapter '{key.AdapterId}' may not publish for influencer '{TextRules.Quote(influencerId)}'");
    }

    /// <summary>
    /// An adapter id, key id or signature longer than <see cref="StatusLimits.MaxEntryFieldBytes"/> is transport damage:
    /// refused before it is looked up, hashed or copied into a message.
    /// </summary>
    public static Violation? TooLong(SignedStatusEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return TooLong(SignedEntryFields.Adapter, entry.AdapterId?.Length ?? 0)
            ?? TooLong(SignedEntryFields.KeyId, entry.KeyId?.Length ?? 0)
            ?? TooLong(SignedEntryFields.Signature, entry.Signature?.Length ?? 0);
    }

    /// <summary>The violation for an entry field of <paramref name="length"/> (bytes or characters) over the limit, or null.</summary>
    public static Violation? TooLong(string field, long length) =>
        length > StatusLimits.MaxEntryFieldBytes
            ? new Violation($"$entry.{field}", RejectCodes.MalformedEntry, $"the '{field}' field is {length} long; the limit is {StatusLimits.MaxEntryFieldBytes}")
            : null;

    private sealed record Entry(AdapterKey Key, HashSet<string>? Authority);

    /// <summary>Compares secrets without leaking timing, for <see cref="DevelopmentKeys.IsDevelopmentKey"/>.</summary>
    internal static bool SameSecret(byte[] left, byte[] right) => CryptographicOperations.FixedTimeEquals(left, right);
}
