using System.Numerics;
using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Silo.Http;
using Chimera.Testing;
using CsCheck;

namespace Chimera.Tests.Fuzzing;

/// <summary>
/// The page API's query strings and route form (spec §10) are input from anyone who reaches the HTTP port: every text
/// is accepted with the value an independent reading of the rule gives, or rejected with a problem that names the
/// parameter — never an exception. Oracles here work on the text (digits and ranges in <see cref="BigInteger"/>), not
/// through the parsers they check.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class PageQueryProperties
{
    /// <summary>Number-like texts and their near misses: signs, spaces, separators, non-ASCII digits, overflow.</summary>
    private static readonly Gen<string> NumberLike = Gen.Frequency(
        (4, Gen.Long[0, long.MaxValue].Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        (2, Gen.Int[-5, 1_500].Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        (2, Gen.String[Gen.Char["0123456789+- ,._e\u0660\uFF10\u00A0x"], 0, 24]),
        (1, Gen.Const("9223372036854775807")),
        (1, Gen.Const("9223372036854775808")),
        (1, Gen.Const("00000000000000000000000000001")),
        (1, Gen.String));

    private static readonly Gen<string> Word = Gen.Frequency(
        (3, Gen.OneOf("", "now", "recent", "any", "true", "false", "online", "busy", "Busy", "offline", "video-gen:v2", "video-gen", "v:1", "TRUE", "null")),
        (2, NumberLike),
        (1, Gen.String));

    /// <summary>The rule for a revision: one or more ASCII digits, value at most <see cref="long.MaxValue"/>.</summary>
    private static long? RevisionOracle(string text) =>
        text.Length > 0 && text.All(char.IsAsciiDigit) && BigInteger.Parse(text, System.Globalization.CultureInfo.InvariantCulture) is var value && value <= long.MaxValue
            ? (long)value
            : null;

    private static int? CountOracle(string text, int whenAbsent, int max) =>
        text.Length == 0 ? whenAbsent
        : RevisionOracle(text) is { } value && value >= 1 && value <= max ? (int)value
        : null;

    [Fact]
    public void Changes_AcceptsExactlyRevisionsAndPageSizes() =>
        Gen.Select(Word, Word).Sample((after, limit) =>
        {
            var parsed = PageQueries.Changes(after, limit);
            long? expectedAfter = after.Length == 0 ? 0 : RevisionOracle(after);
            var expectedLimit = CountOracle(limit, PageQueries.DefaultChangesLimit, IChangeFeedGrain.MaxPage);
            if (expectedAfter is null || expectedLimit is null)
            {
                parsed.Value.ShouldBeNull();
                parsed.Problem.ShouldNotBeNull().ShouldStartWith(expectedAfter is null ? "after must be" : "limit must be");
                return;
            }

            parsed.Problem.ShouldBeNull();
            parsed.Value.ShouldBe(new ChangesPage(expectedAfter.Value, expectedLimit.Value));
        }, iter: 20_000);

    [Fact]
    public void Stream_StartsAfterLastEventIdFirst_ThenFrom_AndRefusesAnythingElse() =>
        Gen.Select(Word, Word).Sample((lastEventId, from) =>
        {
            var parsed = PageQueries.Stream(lastEventId, from);
            var position = lastEventId.Length > 0 ? lastEventId : from;
            StreamStart? expected = position switch
            {
                "" or "now" => new StreamStart(null, false),
                "recent" => new StreamStart(null, true),
                _ => RevisionOracle(position) is { } revision ? new StreamStart(revision, false) : null,
            };
            if (expected is null)
            {
                parsed.Value.ShouldBeNull();
                parsed.Problem.ShouldNotBeNull().ShouldStartWith("from (or Last-Event-ID)");
                return;
            }

            parsed.Problem.ShouldBeNull();
            parsed.Value.ShouldBe(expected);
        }, iter: 20_000);

    [Fact]
    public void List_AcceptsOnlyKnownFilters_AndNamesTheParameterItRefuses() =>
        Gen.Select(Word, Word, Word, Word).Sample((status, capability, stale, limit) =>
        {
            var parsed = PageQueries.List(status, capability, stale, limit);
            var statusOk = status.Length == 0 || InfluencerStatusNames.TryParse(status, out _);
            var capabilityOk = capability.Length == 0 || Capability.TryParse(capability, out _, out _);
            var staleOk = stale is "" or "any" or "true" or "false";
            var expectedLimit = CountOracle(limit, PageQueries.DefaultListLimit, ListQuery.MaxLimit);
            if (!(statusOk && capabilityOk && staleOk && expectedLimit is not null))
            {
                parsed.Value.ShouldBeNull();
                var problem = parsed.Problem.ShouldNotBeNull();
                if (!statusOk)
                {
                    problem.ShouldStartWith("status '");
                }
                else if (staleOk && capabilityOk)
                {
                    problem.ShouldStartWith("limit must be");
                }

                return;
            }

            parsed.Problem.ShouldBeNull();
            var filter = parsed.Value.ShouldNotBeNull();
            filter.Limit.ShouldBe(expectedLimit.Value);
            filter.Stale.ShouldBe(stale switch { "true" => true, "false" => false, _ => (bool?)null });
            (filter.Status is null).ShouldBe(status.Length == 0);
            (filter.Capability is null).ShouldBe(capability.Length == 0);
        }, iter: 20_000);

    [Fact]
    public void Route_AcceptsZeroToMaxCapabilities_KnownCosts_AndCountsInRange()
    {
        var capabilities = Gen.Frequency(
            (1, Gen.Const((List<string>?)null)),
            (6, Word.List[0, PageQueries.MaxRouteCapabilities + 2].Select(l => (List<string>?)l)));
        Gen.Select(capabilities, Gen.OneOf<string?>(null, "low", "high", "LOW", "free", ""), Gen.Int[-2, RouteRequest.MaxCount + 2]).Sample((texts, cost, count) =>
        {
            var parsed = PageQueries.Route(new RouteForm(texts, cost, count));
            var list = texts ?? [];
            var ok = list.Count <= PageQueries.MaxRouteCapabilities
                && list.All(t => Capability.TryParse(t, out _, out _))
                && cost is "low" or "high"
                && count is >= 1 and <= RouteRequest.MaxCount;
            if (!ok)
            {
                parsed.Value.ShouldBeNull();
                parsed.Problem.ShouldNotBeNullOrWhiteSpace();
                return;
            }

            parsed.Problem.ShouldBeNull();
            var request = parsed.Value.ShouldNotBeNull();
            request.RequiredCapabilities.Select(c => c.ToString()).ShouldBe(list.Select(t => { Capability.TryParse(t, out var c, out _); return c.ToString(); }));
            request.Cost.ShouldBe(cost == "high" ? CostClass.High : CostClass.Low);
            request.Count.ShouldBe(count);
        }, iter: 5_000);
    }

    [Fact]
    public void Route_WithoutABody_IsAProblemNotAnException() =>
        PageQueries.Route(null).Problem.ShouldNotBeNull().ShouldContain("JSON object");

    [Fact]
    public void Route_WithNoRequiredCapability_IsAllowed_SpecSection5PossiblyNone() =>
        PageQueries.Route(new RouteForm([], "low", 1)).Value.ShouldNotBeNull().RequiredCapabilities.ShouldBeEmpty();
}
