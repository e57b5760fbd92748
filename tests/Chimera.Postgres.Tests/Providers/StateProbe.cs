namespace Chimera.Postgres.Tests.Providers;

[GenerateSerializer]
[Alias("chimera.tests.state-probe.v1")]
public sealed class StateProbe
{
    [Id(0)] public string? Value { get; set; }
}
