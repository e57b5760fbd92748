namespace Chimera.Contracts.Validation;

/// <summary>
/// The stable reason codes of rejected entries (spec §8). They appear in dead letters, metrics and
/// client errors; adding one is a spec change, renaming one is a breaking change.
/// </summary>
public static class RejectCodes
{
    /// <summary>
    /// The entry is not valid UTF-8 JSON, or its top level is not an object, or a string escape is not a Unicode
    /// character (a lone or swapped surrogate such as <c>"\ud800"</c>).
    /// </summary>
    public const string MalformedJson = "malformed_json";

    /// <summary>The event is larger than <see cref="StatusLimits.MaxEventBytes"/>.</summary>
    public const string Oversized = "oversized_event";

    /// <summary>A required field is absent or null.</summary>
    public const string MissingField = "missing_field";

    /// <summary>A field has the wrong JSON type (a string where a number belongs, ...).</summary>
    public const string WrongType = "wrong_type";

    /// <summary>A number is outside its range, or an id is too long or has characters outside its alphabet.</summary>
    public const string OutOfRange = "out_of_range";

    /// <summary><c>payload.status</c> is not one of online, idle, busy, maintenance, offline.</summary>
    public const string UnknownStatus = "unknown_status";

    /// <summary>Envelope <c>type</c> is not <c>influencer.status.v1</c>.</summary>
    public const string WrongEventType = "wrong_event_type";

    /// <summary><c>payload.schema_version</c> is not <c>mcp.perception.v1</c>.</summary>
    public const string WrongSchemaVersion = "wrong_schema_version";

    /// <summary><c>timestamp</c> is not ISO-8601 with an explicit offset or Z.</summary>
    public const string BadTimestamp = "bad_timestamp";

    /// <summary>A capability is not of the form <c>name:vN</c>, or appears twice.</summary>
    public const string BadCapability = "bad_capability";

    /// <summary>More capabilities than <see cref="StatusLimits.MaxCapabilities"/>.</summary>
    public const string TooManyCapabilities = "too_many_capabilities";

    /// <summary><c>source</c> is not <c>worker/influencer.&lt;payload.influencer_id&gt;</c>.</summary>
    public const string SourceMismatch = "source_mismatch";

    /// <summary><c>payload.spec_reference</c> names no spec ratified in <c>specs/_meta.md</c>.</summary>
    public const string UnratifiedSpec = "unratified_spec";

    /// <summary>The entry carries no adapter provenance (adapter id, key id, signature).</summary>
    public const string Unsigned = "unsigned";

    /// <summary>The adapter or its key id is not in the silo's keyring.</summary>
    public const string UnknownAdapter = "unknown_adapter";

    /// <summary>The signature does not match the event bytes: forged or altered.</summary>
    public const string BadSignature = "bad_signature";

    /// <summary>The adapter is known but may not speak for this influencer.</summary>
    public const string AdapterNotAuthorized = "adapter_not_authorized";

    /// <summary>The event time is too far in the future, or older than the replay window.</summary>
    public const string OutsideReplayWindow = "outside_replay_window";

    /// <summary>
    /// The transport entry itself is damaged: the Redis entry has no <c>event</c> field, or its <c>adapter</c>,
    /// <c>kid</c> or <c>sig</c> is longer than any keyring could hold (<see cref="StatusLimits.MaxEntryFieldBytes"/>).
    /// </summary>
    public const string MalformedEntry = "malformed_entry";

    /// <summary>The event was valid, but the consuming grain failed to apply it past the delivery deadline.</summary>
    public const string DeliveryFailed = "delivery_failed";

    /// <summary>
    /// A string or property name holds a control character (Unicode category Cc: U+0000–U+001F, U+007F–U+009F),
    /// escaped or raw. PostgreSQL refuses NUL in text, and none of them belongs in an id, a status or a task summary.
    /// </summary>
    public const string ControlCharacter = "control_character";

    /// <summary>An object names the same property twice (at any depth), or the Redis entry repeats a field: two readers could disagree.</summary>
    public const string DuplicateKey = "duplicate_key";

    /// <summary>Handling this one entry failed inside Chimera (a bug); it was dead-lettered with the exception type so the rest went on.</summary>
    public const string InternalError = "internal_error";

    /// <summary>Every code above (spec §8.1): a code outside this set is a bug.</summary>
    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        MalformedJson, Oversized, MissingField, WrongType, OutOfRange, UnknownStatus, WrongEventType, WrongSchemaVersion,
        BadTimestamp, BadCapability, TooManyCapabilities, SourceMismatch, UnratifiedSpec, Unsigned, UnknownAdapter,
        BadSignature, AdapterNotAuthorized, OutsideReplayWindow, MalformedEntry, DeliveryFailed, ControlCharacter,
        DuplicateKey, InternalError,
    };
}
