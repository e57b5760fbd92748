using Chimera.Contracts.Model;

namespace Chimera.Silo.Http;

/// <summary>The filter of <c>/api/influencers</c>; <see cref="Stale"/> is applied after the index's list.</summary>
internal sealed record ListFilter(InfluencerStatus? Status, Capability? Capability, bool? Stale, int Limit);
