using Chimera.Contracts.Grains;
using Chimera.Contracts.Validation;

namespace Chimera.Client;

/// <summary>
/// Argument checks shared by the client and the CLI; the rules are the wire format's (spec §2, §8.2),
/// so a request the silo would refuse fails here with a sentence that names the argument.
/// </summary>
public static class ChimeraArguments
{
    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="influencerId"/> is a valid influencer id.</summary>
    public static void ValidateInfluencerId(string? influencerId, string paramName = "influencerId")
    {
        if (InfluencerIdError(influencerId) is { } error)
        {
            throw new ArgumentException(error, paramName);
        }
    }

    /// <summary>Why <paramref name="influencerId"/> is not an influencer id, or null when it is one.</summary>
    public static string? InfluencerIdError(string? influencerId) => Identifiers.InfluencerIdError(influencerId);

    /// <summary>Why <paramref name="id"/> is not a valid id of <paramref name="what"/> (same alphabet as influencer ids), or null.</summary>
    public static string? IdError(string what, string? id, int maxLength) => Identifiers.Error(what, id, maxLength);

    internal static void Validate(ListQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit is < 1 or > ListQuery.MaxLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.Limit, $"limit must be 1-{ListQuery.MaxLimit}");
        }

        if (query.After is not null)
        {
            ValidateInfluencerId(query.After, "after");
        }
    }

    internal static void Validate(RouteRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        // Spec §5: the required capabilities may be none (then every eligible influencer matches), but the list must exist.
        if (request.RequiredCapabilities is null)
        {
            throw new ArgumentException("the required capabilities must be a list (it may be empty: then every eligible influencer matches)", nameof(request));
        }

        if (request.Count is < 1 or > RouteRequest.MaxCount)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.Count, $"count must be 1-{RouteRequest.MaxCount}");
        }
    }

    internal static void Validate(AuditQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ValidateInfluencerId(query.InfluencerId, nameof(query));
        if (query.Limit is < 1 or > AuditQuery.MaxLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.Limit, $"limit must be 1-{AuditQuery.MaxLimit}");
        }

        if (query.From >= query.To)
        {
            throw new ArgumentException($"from ({query.From:O}) must be before to ({query.To:O})", nameof(query));
        }
    }

    internal static void Validate(StatusCountsQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.From >= query.To)
        {
            throw new ArgumentException($"from ({query.From:O}) must be before to ({query.To:O})", nameof(query));
        }
    }
}
