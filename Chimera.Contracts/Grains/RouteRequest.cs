using Chimera.Contracts.Model;

namespace Chimera.Contracts.Grains;

/// <summary>A request for candidates: every required capability must be served (same name, at least that version).</summary>
[GenerateSerializer, Immutable]
public sealed record RouteRequest(
    [property: Id(0)] IReadOnlyList<Capability> RequiredCapabilities,
    [property: Id(1)] CostClass Cost = CostClass.Low,
    [property: Id(2)] int Count = 1)
{
    /// <summary>Most candidates one request may ask for.</summary>
    public const int MaxCount = 100;
}
