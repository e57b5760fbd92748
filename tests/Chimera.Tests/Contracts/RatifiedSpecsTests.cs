using Chimera.Contracts.Validation;
using Chimera.Testing;

namespace Chimera.Tests.Contracts;

[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class RatifiedSpecsTests
{
    private const string Table = """
        # Ratified specs

        Some prose with a `specs/prose.md` mention that is not a table row.

        | spec | status | ratified on | notes |
        |---|---|---|---|
        | `specs/openclaw_integration.md` | ratified | 2026-11-23 | v1 |
        | `specs/old_presence.md` | withdrawn | 2025-01-10 | replaced |
        | `specs/next.md` | draft | | not yet |
        | specs/unquoted.md | ratified | 2026-11-23 | no backticks, not a spec row |
        """;

    [Fact]
    public void Parse_CountsOnlyRatifiedRows()
    {
        var specs = RatifiedSpecs.Parse(Table);

        specs.References.ShouldBe(["specs/openclaw_integration.md"]);
        specs.IsRatified("specs/openclaw_integration.md").ShouldBeTrue();
    }

    [Theory]
    [InlineData("specs/old_presence.md")]
    [InlineData("specs/next.md")]
    [InlineData("specs/unquoted.md")]
    [InlineData("specs/prose.md")]
    [InlineData("specs/OpenClaw_Integration.md")]
    public void Parse_DoesNotRatifyWithdrawnDraftOrMalformedRows(string reference) =>
        RatifiedSpecs.Parse(Table).IsRatified(reference).ShouldBeFalse();

    [Fact]
    public void Parse_WithdrawingTheOnlySpec_LeavesNothingRatified_AndThrows() =>
        Should.Throw<FormatException>(() => RatifiedSpecs.Parse(Table.Replace("| ratified | 2026-11-23 | v1 |", "| withdrawn | 2026-11-23 | v1 |", StringComparison.Ordinal)
            .Replace("specs/unquoted.md | ratified", "specs/unquoted.md | draft", StringComparison.Ordinal)));

    [Theory]
    [InlineData("")]
    [InlineData("# Ratified specs\n\nNothing yet.\n")]
    [InlineData("| spec | status |\n|---|---|\n")]
    public void Parse_OfAListThatRatifiesNothing_Throws(string markdown) =>
        Should.Throw<FormatException>(() => RatifiedSpecs.Parse(markdown)).Message.ShouldContain("ratified");

    [Fact]
    public void Parse_ReadsWindowsLineEndings() =>
        RatifiedSpecs.Parse(Table.Replace("\n", "\r\n", StringComparison.Ordinal)).References.ShouldBe(["specs/openclaw_integration.md"]);

    [Fact]
    public void Embedded_RatifiesThisSpec() =>
        RatifiedSpecs.Embedded().References.ShouldBe(["specs/openclaw_integration.md"]);

    [Fact]
    public void Load_OfAMissingFile_NamesTheSetting() =>
        Should.Throw<FileNotFoundException>(() => RatifiedSpecs.Load(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "_meta.md")))
            .Message.ShouldContain("Chimera:Specs:MetaPath");
}
