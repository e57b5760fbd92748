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
}
