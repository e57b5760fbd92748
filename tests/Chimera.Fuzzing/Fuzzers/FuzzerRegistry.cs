namespace Chimera.Fuzzing.Fuzzers;

/// <summary>Every fuzz target, by name.</summary>
public static class FuzzerRegistry
{
    public static IReadOnlyList<IFuzzer> All { get; } = [new StatusEventJsonFuzzer(), new StatusEntryGateFuzzer()];

    public static IFuzzer? Find(string name) => All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal));
}
