using Chimera.Contracts.Validation;
using Chimera.Contracts.Wire;

namespace Chimera.Tests.Contracts;

/// <summary>Decodes against the ratified list built into Chimera.Contracts and asserts exact violations.</summary>
internal static class Decoding
{
    public static IRatifiedSpecs Specs { get; } = RatifiedSpecs.Embedded();

    public static DecodeResult Decode(string json) => StatusEventJson.Decode(json, Specs);

    /// <summary>Asserts that <paramref name="json"/> is rejected with exactly one violation, at <paramref name="path"/> with <paramref name="code"/>.</summary>
    public static Violation ShouldRejectWith(string json, string path, string code)
    {
        var result = Decode(json);
        result.IsValid.ShouldBeFalse();
        result.Event.ShouldBeNull();
        var violation = result.Violations.ShouldHaveSingleItem();
        violation.Path.ShouldBe(path);
        violation.Code.ShouldBe(code);
        violation.Message.ShouldNotBeNullOrWhiteSpace();
        return violation;
    }
}
