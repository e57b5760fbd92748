using Chimera.Contracts.Model;

namespace Chimera.Contracts.Grains;

/// <summary>
/// Which changes a watcher wants (spec §12). Every set criterion must hold; an empty or null list places no
/// restriction. Filtering happens on the silo, so a narrow watch does not move the whole stream.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ChangeFilter
{
    /// <summary>Most values one list may hold (the filter is input from outside, and bounded like every input).</summary>
    public const int MaxValues = 100;

    public static readonly ChangeFilter All = new();

    /// <summary>Only these influencers.</summary>
    [Id(0)] public IReadOnlyList<string>? InfluencerIds { get; init; }

    /// <summary>Only these kinds (status changes, stale detections, probes).</summary>
    [Id(1)] public IReadOnlyList<AuditKind>? Kinds { get; init; }

    /// <summary>Only rows whose new status is one of these.</summary>
    [Id(2)] public IReadOnlyList<InfluencerStatus>? Statuses { get; init; }

    /// <summary>Only rows whose capabilities include this name (any version).</summary>
    [Id(3)] public string? CapabilityName { get; init; }

    public bool Matches(AuditRecord row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (InfluencerIds is { Count: > 0 } ids && !ids.Contains(row.InfluencerId, StringComparer.Ordinal))
        {
            return false;
        }

        if (Kinds is { Count: > 0 } kinds && !kinds.Contains(row.Kind))
        {
            return false;
        }

        if (Statuses is { Count: > 0 } statuses && !statuses.Contains(row.NewStatus))
        {
            return false;
        }

        return CapabilityName is null || row.Capabilities.Any(c => string.Equals(c.Name, CapabilityName, StringComparison.Ordinal));
    }

    /// <summary>Null when acceptable, otherwise what is wrong (for an ArgumentException before any call).</summary>
    public string? Error() =>
        (InfluencerIds?.Count ?? 0) > MaxValues || (Kinds?.Count ?? 0) > MaxValues || (Statuses?.Count ?? 0) > MaxValues
            ? $"a change filter list may hold at most {MaxValues} values"
            : InfluencerIds?.Any(string.IsNullOrEmpty) == true
                ? "a change filter's influencer id must not be empty"
                : CapabilityName is { Length: 0 or > 64 } ? "a change filter's capability name must be 1-64 characters" : null;
}
