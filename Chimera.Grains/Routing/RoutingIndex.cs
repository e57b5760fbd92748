using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Contracts.Spec;

namespace Chimera.Grains.Routing;

/// <summary>
/// The in-memory routing index (spec §5), free of Orleans so it can be tested and benchmarked alone.
/// Routable candidates sit in sorted sets, one overall and one per capability name, ordered by rank;
/// a route walks the smallest set of the requested names from the best candidate and stops at the
/// requested count, so its cost depends on the count, not on the number of influencers. Updates
/// (changes only, never plain heartbeats) re-sort one candidate in O(capabilities x log n).
/// </summary>
internal sealed class RoutingIndex
{
    private readonly Dictionary<string, RoutingCandidate> _byId = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _orderedIds = new(StringComparer.Ordinal);
    private readonly SortedSet<RoutingCandidate> _routable = new(CandidateRankComparer.Instance);
    private readonly Dictionary<string, SortedSet<RoutingCandidate>> _byCapability = new(StringComparer.Ordinal);

    public int Count => _byId.Count;

    public int RoutableCount => _routable.Count;

    /// <summary>Applies a change; ignores one older than what the index already has.</summary>
    public bool Upsert(RoutingEntry entry)
    {
        if (_byId.TryGetValue(entry.InfluencerId, out var candidate))
        {
            if (entry.Version < candidate.Version)
            {
                return false;
            }

            Unlink(candidate);
        }
        else
        {
            candidate = new RoutingCandidate(entry.InfluencerId);
            _byId.Add(entry.InfluencerId, candidate);
            _orderedIds.Add(entry.InfluencerId);
        }

        candidate.Version = entry.Version;
        candidate.Status = entry.Status;
        candidate.Capabilities = [.. entry.Capabilities];
        candidate.Load = entry.Load;
        candidate.Confidence = entry.Confidence;
        candidate.RelevanceScore = entry.RelevanceScore;
        candidate.ExpiresAt = entry.ExpiresAt;
        candidate.ProbeVerified = entry.ProbeVerified;
        candidate.Swept = false;
        if (!entry.ProbePending)
        {
            candidate.ProbePendingUntil = default;
        }

        candidate.Score = Score(entry.Load, entry.RelevanceScore);
        Link(candidate);
        return true;
    }

    /// <summary>
    /// Moves expiries forward for heartbeats of the current version (never resurrects an older one) and
    /// returns the ids it does not know, or knows at an older version than the renewal (the index lost an update).
    /// </summary>
    public IReadOnlyList<string> RenewLeases(IReadOnlyList<LeaseRenewal> renewals)
    {
        List<string>? unknown = null;
        foreach (var renewal in renewals)
        {
            if (!_byId.TryGetValue(renewal.InfluencerId, out var candidate) || renewal.Version > candidate.Version)
            {
                (unknown ??= []).Add(renewal.InfluencerId);
            }
            else if (renewal.Version == candidate.Version && renewal.ExpiresAt > candidate.ExpiresAt)
            {
                candidate.ExpiresAt = renewal.ExpiresAt;
                if (candidate.Swept)
                {
                    // A heartbeat applied before expiry whose renewal arrived after the sweep: live again.
                    candidate.Swept = false;
                    Link(candidate);
                }
            }
        }

        return (IReadOnlyList<string>?)unknown ?? [];
    }

    /// <summary>Ranked candidates; for high-cost requests, unverified low-confidence matches get a probe instead.</summary>
    public RouteResult Route(RouteRequest request, DateTimeOffset now, Func<RoutingCandidate, ProbeTicket> scheduleProbe)
    {
        Validate(request);
        var set = SmallestSet(request.RequiredCapabilities);
        var candidates = new List<RouteCandidate>(request.Count);
        List<ProbeTicket>? probes = null;
        List<PassedOver>? passed = null;
        var matched = 0;
        if (set is not null)
        {
            foreach (var candidate in set)
            {
                if (candidate.IsStale(now))
                {
                    PassOver(ref passed, request, candidate, $"stale: no heartbeat since its lease expired at {candidate.ExpiresAt:O}");
                    continue;
                }

                if (!candidate.SatisfiesAll(request.RequiredCapabilities))
                {
                    PassOver(ref passed, request, candidate, $"serves {string.Join(",", candidate.Capabilities)}, not every requested version");
                    continue;
                }

                matched++;
                if (request.Cost == CostClass.High && candidate.Confidence < ChangeRules.ProbeConfidenceThreshold && !candidate.ProbeVerified)
                {
                    var why = $"confidence {candidate.Confidence:0.00} < {ChangeRules.ProbeConfidenceThreshold:0.0} and no passed probe, so not given high-cost work";
                    if (candidate.ProbePendingUntil <= now && (probes?.Count ?? 0) < request.Count)
                    {
                        candidate.ProbePendingUntil = now + ChangeRules.ProbeHold;
                        (probes ??= []).Add(scheduleProbe(candidate));
                        PassOver(ref passed, request, candidate, why + "; probe scheduled now");
                    }
                    else
                    {
                        PassOver(ref passed, request, candidate, why + (candidate.ProbePendingUntil > now ? "; a probe is already pending" : "; probe limit for this request reached"));
                    }

                    continue;
                }

                candidates.Add(candidate.ToRouteCandidate());
                if (candidates.Count == request.Count)
                {
                    break;
                }
            }
        }

        return new RouteResult(candidates, (IReadOnlyList<ProbeTicket>?)probes ?? [], matched) { PassedOver = (IReadOnlyList<PassedOver>?)passed ?? [] };
    }

    /// <summary>Probes scheduled by a route and not yet answered (the <c>chimera.probes.open</c> gauge).</summary>
    public int OpenProbes(DateTimeOffset now)
    {
        var open = 0;
        foreach (var candidate in _byId.Values)
        {
            if (candidate.ProbePendingUntil > now)
            {
                open++;
            }
        }

        return open;
    }

    // Bounded so a walk over many stale entries cannot make the answer large.
    private static void PassOver(ref List<PassedOver>? passed, RouteRequest request, RoutingCandidate candidate, string reason)
    {
        passed ??= [];
        if (passed.Count < request.Count + 10)
        {
            passed.Add(new PassedOver(candidate.InfluencerId, reason));
        }
    }

    /// <summary>Rows ordered by influencer id after <see cref="ListQuery.After"/>, filtered by effective status and capability.</summary>
    public IReadOnlyList<InfluencerSummary> List(ListQuery query, DateTimeOffset now)
    {
        if (query.Limit is < 1 or > ListQuery.MaxLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.Limit, $"Limit must be 1 to {ListQuery.MaxLimit}.");
        }

        var rows = new List<InfluencerSummary>(Math.Min(query.Limit, _byId.Count));
        var ids = query.After is null || _orderedIds.Count == 0 ? _orderedIds : _orderedIds.GetViewBetween(query.After, _orderedIds.Max!);
        foreach (var id in ids)
        {
            if (id == query.After)
            {
                continue;
            }

            var candidate = _byId[id];
            if (query.Status is { } status && candidate.EffectiveStatus(now) != status)
            {
                continue;
            }

            if (query.Capability is { } capability && !candidate.SatisfiesAll([capability]))
            {
                continue;
            }

            rows.Add(candidate.ToSummary(now));
            if (rows.Count == query.Limit)
            {
                break;
            }
        }

        return rows;
    }

    public RegistryCounts Counts(DateTimeOffset now)
    {
        // Every status is present, zeros included, so consumers of the JSON need no "missing means zero" rule.
        var byStatus = Enum.GetValues<InfluencerStatus>().ToDictionary(s => s.ToWire(), _ => 0, StringComparer.Ordinal);
        var byCapability = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var candidate in _byId.Values)
        {
            var status = candidate.EffectiveStatus(now).ToWire();
            byStatus[status] = byStatus.GetValueOrDefault(status) + 1;
            if (candidate.EffectiveStatus(now) == InfluencerStatus.Offline)
            {
                continue;
            }

            foreach (var capability in candidate.Capabilities)
            {
                byCapability[capability.Name] = byCapability.GetValueOrDefault(capability.Name) + 1;
            }
        }

        return new RegistryCounts(_byId.Count, byStatus, byCapability, now);
    }

    /// <summary>Drops expired candidates from the routable sets (they stay listed, as stale), keeping walks short.</summary>
    public int SweepExpired(DateTimeOffset now)
    {
        List<RoutingCandidate>? expired = null;
        foreach (var candidate in _routable)
        {
            if (candidate.IsStale(now))
            {
                (expired ??= []).Add(candidate);
            }
        }

        if (expired is null)
        {
            return 0;
        }

        foreach (var candidate in expired)
        {
            Unlink(candidate);
            candidate.Swept = true;
        }

        return expired.Count;
    }

    public static double Score(double load, double relevance) => (0.7 * (1.0 - load)) + (0.3 * relevance);

    private static void Validate(RouteRequest request)
    {
        if (request.Count is < 1 or > RouteRequest.MaxCount)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.Count, $"Count must be 1 to {RouteRequest.MaxCount}.");
        }

        ArgumentNullException.ThrowIfNull(request.RequiredCapabilities);
    }

    private SortedSet<RoutingCandidate>? SmallestSet(IReadOnlyList<Capability> required)
    {
        if (required.Count == 0)
        {
            return _routable;
        }

        SortedSet<RoutingCandidate>? smallest = null;
        foreach (var capability in required)
        {
            if (!_byCapability.TryGetValue(capability.Name, out var set))
            {
                return null;
            }

            if (smallest is null || set.Count < smallest.Count)
            {
                smallest = set;
            }
        }

        return smallest;
    }

    private void Link(RoutingCandidate candidate)
    {
        if (!candidate.IsRoutable)
        {
            return;
        }

        _routable.Add(candidate);
        foreach (var capability in candidate.Capabilities)
        {
            if (!_byCapability.TryGetValue(capability.Name, out var set))
            {
                set = new SortedSet<RoutingCandidate>(CandidateRankComparer.Instance);
                _byCapability.Add(capability.Name, set);
            }

            set.Add(candidate);
        }
    }

    private void Unlink(RoutingCandidate candidate)
    {
        if (!_routable.Remove(candidate))
        {
            return;
        }

        foreach (var capability in candidate.Capabilities)
        {
            if (_byCapability.TryGetValue(capability.Name, out var set))
            {
                set.Remove(candidate);
                if (set.Count == 0)
                {
                    _byCapability.Remove(capability.Name);
                }
            }
        }
    }
}
