namespace Chimera.Silo.Http;

/// <summary>The page's route tester request: <c>{"capabilities": ["video-gen:v2"], "cost": "high", "count": 3}</c>.</summary>
internal sealed record RouteForm(IReadOnlyList<string>? Capabilities, string? Cost = "low", int Count = 1);
