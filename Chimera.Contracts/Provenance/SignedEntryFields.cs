namespace Chimera.Contracts.Provenance;

/// <summary>Field names of a status entry in a Redis stream (spec §7.2).</summary>
public static class SignedEntryFields
{
    /// <summary>The event JSON, UTF-8.</summary>
    public const string Event = "event";

    /// <summary>The publishing adapter's id.</summary>
    public const string Adapter = "adapter";

    /// <summary>The id of the adapter key that signed (lets keys rotate).</summary>
    public const string KeyId = "kid";

    /// <summary>Base64 HMAC-SHA256 signature, see <see cref="HmacStatusSigner"/>.</summary>
    public const string Signature = "sig";
}
