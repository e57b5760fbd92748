namespace Chimera.Contracts.Validation;

/// <summary>Size limits of a status event (spec §8.2). Generous for real traffic, tight enough to bound memory.</summary>
public static class StatusLimits
{
    /// <summary>Largest accepted event, in UTF-8 bytes.</summary>
    public const int MaxEventBytes = 16 * 1024;

    /// <summary>Most capabilities one event may list.</summary>
    public const int MaxCapabilities = 32;

    /// <summary>Longest <c>influencer_id</c>.</summary>
    public const int MaxInfluencerIdLength = 64;

    /// <summary>Longest envelope <c>id</c>.</summary>
    public const int MaxEventIdLength = 128;

    /// <summary>Longest <c>trace_id</c>.</summary>
    public const int MaxTraceIdLength = 128;

    /// <summary>Longest <c>current_task</c> (string, or compact JSON of an object).</summary>
    public const int MaxCurrentTaskLength = 1024;

    /// <summary>Longest <c>spec_reference</c>.</summary>
    public const int MaxSpecReferenceLength = 256;

    /// <summary>Deepest JSON nesting an event may use (objects and arrays).</summary>
    public const int MaxDepth = 16;

    /// <summary>
    /// Most violations one decode reports: an event of 16 KiB could otherwise name thousands, and every one is
    /// copied into its dead letter.
    /// </summary>
    public const int MaxViolations = 32;

    /// <summary>
    /// Longest <c>adapter</c>, <c>kid</c> or <c>sig</c> of a transport entry, in UTF-8 bytes. Keyring ids are at most
    /// <see cref="MaxKeyringIdLength"/> characters and a signature is 44 base64 characters, so anything longer is
    /// damage (rejected as <see cref="RejectCodes.MalformedEntry"/> before it is copied or hashed).
    /// </summary>
    public const int MaxEntryFieldBytes = 256;

    /// <summary>Longest adapter id or key id a keyring accepts (same alphabet as event ids).</summary>
    public const int MaxKeyringIdLength = 128;
}
