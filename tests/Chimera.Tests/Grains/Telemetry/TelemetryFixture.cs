namespace Chimera.Tests.Grains.Telemetry;

/// <summary>A cluster of its own, so the telemetry tests can count exactly what they caused.</summary>
public sealed class TelemetryFixture : ChimeraClusterFixture
{
}
