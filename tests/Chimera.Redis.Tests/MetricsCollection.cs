namespace Chimera.Redis.Tests;

/// <summary>Tests that read Chimera's process-wide counters: run alone, after every parallel collection.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "Chimera counters";
}
