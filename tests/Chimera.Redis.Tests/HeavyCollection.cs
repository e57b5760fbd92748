namespace Chimera.Redis.Tests;

/// <summary>
/// Tests that load the box (10,000 entries through a two-silo cluster): run alone, after every parallel collection, so
/// their deadlines and the other tests' are not spent waiting for each other's CPU. (Their counters come from their own
/// silos' meters, <c>SiloCounters</c>, so no other test can move them either way.)
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HeavyCollection
{
    public const string Name = "Heavy traffic";
}
