namespace Chimera.Fuzzing;

/// <summary>
/// One fuzz target (the dotnet/runtime DotnetFuzzing shape): which assemblies to instrument, a seed corpus and a
/// dictionary in this project (<c>Corpora/&lt;Name&gt;</c>, <c>Dictionaries/</c>), and a target that asserts invariants
/// (spec §8.6) rather than outputs. Any exception that escapes <see cref="FuzzTarget"/> is a finding.
/// </summary>
public interface IFuzzer
{
    /// <summary>The target's name: its corpus directory and its argument to <c>Chimera.Fuzzing fuzz</c>.</summary>
    string Name => GetType().Name;

    /// <summary>Assemblies (file names) to instrument, with the namespace prefixes to instrument in each.</summary>
    IReadOnlyList<(string Assembly, string Prefix)> Instrument { get; }

    /// <summary>The dictionary file under <c>Dictionaries/</c>.</summary>
    string Dictionary => "json.dict";

    /// <summary>Runs one input; throws <see cref="InvariantException"/> (or anything else) when an invariant breaks.</summary>
    void FuzzTarget(ReadOnlySpan<byte> bytes);

    /// <summary><c>accepted</c>, or the first reject code: what a seed named <c>&lt;outcome&gt;-….</c> must produce.</summary>
    string Outcome(ReadOnlySpan<byte> bytes);
}
