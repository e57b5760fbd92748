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
/// Liveness is the one rule of <see cref="Liveness"/>, applied at read time from each candidate's expiry; the index
/// heals itself: a candidate swept out of the sets while its grain kept heartbeating is linked again by its next
/// lease renewal, and an expiry never moves backwards within one version (spec §5, "Index consistency").
/// </summary>
internal sealed class RoutingIndex
{
    private readonly Dictionary<string, RoutingCandidate> _byId = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _orderedIds = new(StringComparer.Ordinal);
    private readonly SortedSet<RoutingCandidate> _routable = new(CandidateRankComparer.Instance);
    private readonly Dictionary<string, SortedSet<RoutingCandidate>> _byCapability = new(StringComparer.Ordinal);
    private readonly IExpiryHold? _hold;

    /// <param name="hold">The self-preservation hold (spec §3.6); null: every expired candidate is stale.</param>
    public RoutingIndex(IExpiryHold? hold = null) => _hold = hold;

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

        // Within one version only heartbeats move the expiry, and only forward: a re-publish after a restart (or a
        // renewal that overtook this entry) must not make a live candidate look expired.
        var expiresAt = entry.Version == candidate.Version && candidate.ExpiresAt > entry.ExpiresAt ? candidate.ExpiresAt : entry.ExpiresAt;
        candidate.Version = entry.Version;
        candidate.Status = entry.Status;
        candidate.Capabilities = [.. entry.Capabilities];
        candidate.Load = entry.Load;
        candidate.Confidence = entry.Confidence;
        candidate.RelevanceScore = entry.RelevanceScore;
        candidate.ExpiresAt = expiresAt;
        candidate.ProbeVerified = entry.ProbeVerified;
        if (!entry.ProbePending)
        {
            candidate.ProbePendingUntil = default;
        }

        candidate.Score = RouteRules.Score(entry.Load, entry.RelevanceScore);
        Link(candidate);
        return true;
    }

    /// <summary>
    /// Moves expiries forward for heartbeats of the current version (never resurrects an older one) and links a
    /// candidate a sweep had unlinked, so it is routable again; returns the ids it does not know, or knows at an older
    /// version than the renewal (the index lost an update), so their grains re-publish the full entry.
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
            else if (renewal.Version == candidate.Version)
            {
                if (renewal.ExpiresAt > candidate.ExpiresAt)
                {
                    candidate.ExpiresAt = renewal.ExpiresAt;
                }

                // Expiry does not change the rank, so re-linking needs no re-sort of anything else.
                Link(candidate);
            }
        }

        return (IReadOnlyList<string>?)unknown ?? [];
    }

    /// <summary>
    /// Ranked candidates; for high-cost requests, unverified low-confidence matches get a probe instead. While a
    /// self-preservation hold is in force, suspect candidates (expired, held) follow every healthy one, in rank order,
    /// and are never probed.
    /// </summary>
    public RouteResult Route(RouteRequest request, DateTimeOffset now, Func<RoutingCandidate, ProbeTicket> scheduleProbe)
    {
        Validate(request);
        var set = SmallestSet(request.RequiredCapabilities);
        var candidates = new List<RouteCandidate>(request.Count);
        List<ProbeTicket>? probes = null;
        List<PassedOver>? passed = null;
        List<RoutingCandidate>? suspects = null;
        var holding = _hold?.IsHolding == true;
        var matched = 0;
        if (set is not null)
        {
            foreach (var candidate in set)
            {
                if (!candidate.SatisfiesAll(request.RequiredCapabilities))
                {
                    PassOver(ref passed, request, candidate, $"serves {string.Join(",", candidate.Capabilities)}, not every requested version");
                    continue;
                }

                if (candidate.IsExpired(now))
                {
                    if (holding && _hold!.HeldUntil(candidate.InfluencerId, candidate.ExpiresAt, now) is not null)
                    {
                        matched++;
                        (suspects ??= []).Add(candidate);
                    }
                    else
                    {
                        PassOver(ref passed, request, candidate, $"stale: no heartbeat since its lease expired at {candidate.ExpiresAt:O}");
                    }

                    continue;
                }

                matched++;
                if (RouteRules.NeedsProbe(request.Cost, candidate.Confidence, candidate.ProbeVerified))
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

        if (suspects is not null)
        {
            foreach (var suspect in suspects)
            {
                if (candidates.Count == request.Count)
                {
                    break;
                }

                if (RouteRules.NeedsProbe(request.Cost, suspect.Confidence, suspect.ProbeVerified))
                {
                    PassOver(ref passed, request, suspect, "suspect (held by self-preservation) with confidence below the probe threshold, so not given high-cost work");
                    continue;
                }

                candidates.Add(suspect.ToRouteCandidate(suspect: true));
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
            var heldUntil = HeldUntil(candidate, now);
            if (query.Status is { } status && candidate.EffectiveStatus(now, heldUntil) != status)
            {
                continue;
            }

            if (query.Capability is { } capability && !candidate.SatisfiesAll([capability]))
            {
                continue;
            }

            rows.Add(candidate.ToSummary(now, heldUntil));
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
            var effective = candidate.EffectiveStatus(now, HeldUntil(candidate, now));
            var status = effective.ToWire();
            byStatus[status] = byStatus.GetValueOrDefault(status) + 1;
            if (effective == InfluencerStatus.Offline)
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

    /// <summary>
    /// Drops expired candidates from the routable sets (they stay listed, as stale), keeping walks short. The reported
    /// status is kept: a later renewal of the same version links the candidate again. Suspects (held by
    /// self-preservation) stay linked, so routes can still offer them last.
    /// </summary>
    public int SweepExpired(DateTimeOffset now)
    {
        List<RoutingCandidate>? expired = null;
        foreach (var candidate in _routable)
        {
            if (candidate.IsExpired(now) && HeldUntil(candidate, now) is null)
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
        }

        return expired.Count;
    }

    /// <summary>Every candidate, for the self-preservation guard's census (spec §3.6).</summary>
    public IReadOnlyCollection<RoutingCandidate> CandidateCollection => _byId.Values;

    /// <summary>Whether <paramref name="influencerId"/> is linked in the routable sets (tests and diagnostics).</summary>
    public bool IsLinked(string influencerId) => _byId.TryGetValue(influencerId, out var candidate) && candidate.Linked;

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

    private DateTimeOffset? HeldUntil(RoutingCandidate candidate, DateTimeOffset now) =>
        _hold is { IsHolding: true } hold && candidate.IsExpired(now) ? hold.HeldUntil(candidate.InfluencerId, candidate.ExpiresAt, now) : null;

    private void Link(RoutingCandidate candidate)
    {
        if (!candidate.IsRoutable || candidate.Linked)
        {
            return;
        }

        candidate.Linked = true;
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
        if (!candidate.Linked)
        {
            return;
        }

        candidate.Linked = false;
        _routable.Remove(candidate);

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
