using Chimera.Fuzzing.Fuzzers;
using Chimera.Testing;

namespace Chimera.Tests.Fuzzing;

/// <summary>
/// Spec §8.6: every input in the fuzz corpora (the seeds, and everything the fuzzer has found, committed as
/// <c>found-*</c>) is replayed through its target's invariants on every test run, so a finding stays fixed. Seeds are
/// named for the outcome they must produce (<c>accepted-…</c> or a reject code), which is checked too.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class FuzzCorpusReplayTests
{
    public static TheoryData<string> Targets() => [.. FuzzerRegistry.All.Select(f => f.Name)];

    private static string CorpusOf(string target) => Path.Combine(RepositoryLayout.Root, "tests", "Chimera.Fuzzing", "Corpora", target);

    [Theory]
    [MemberData(nameof(Targets))]
    public void EveryCorpusInput_HoldsEveryInvariant(string target)
    {
        var fuzzer = FuzzerRegistry.Find(target)!;
        var files = Directory.GetFiles(CorpusOf(target));
        files.Length.ShouldBeGreaterThan(10, "the seed corpus is in the repository");
        var failures = new List<string>();
        foreach (var file in files)
        {
            try
            {
                fuzzer.FuzzTarget(File.ReadAllBytes(file));
            }
            catch (Exception ex)
            {
                failures.Add($"{Path.GetFileName(file)}: {ex.GetType().Name}: {ex.Message}");
            }
        }

        failures.ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void EverySeed_ProducesTheOutcomeItIsNamedFor(string target)
    {
        var fuzzer = FuzzerRegistry.Find(target)!;
        var seeds = Directory.GetFiles(CorpusOf(target)).Where(f => !Path.GetFileName(f).StartsWith("found-", StringComparison.Ordinal)).ToList();
        var wrong = seeds
            .Select(f => (Name: Path.GetFileNameWithoutExtension(f), Outcome: fuzzer.Outcome(File.ReadAllBytes(f))))
            .Where(s => s.Name != s.Outcome && !s.Name.StartsWith(s.Outcome + "-", StringComparison.Ordinal))
            .Select(s => $"{s.Name} gave {s.Outcome}")
            .ToList();

        wrong.ShouldBeEmpty();
    }

    [Fact]
    public void TheDecoderCorpus_HasASeedForEveryCodeTheDecoderGives()
    {
        var named = Directory.GetFiles(CorpusOf("StatusEventJsonFuzzer")).Select(f => Path.GetFileName(f).Split('-', '.')[0]).ToHashSet(StringComparer.Ordinal);
        string[] decoderCodes =
        [
            "malformed_json", "oversized_event", "missing_field", "wrong_type", "out_of_range", "unknown_status", "wrong_event_type",
            "wrong_schema_version", "bad_timestamp", "bad_capability", "too_many_capabilities", "source_mismatch", "unratified_spec",
            "control_character", "duplicate_key", "accepted",
        ];

        decoderCodes.Where(c => !named.Contains(c)).ShouldBeEmpty();
    }
}
