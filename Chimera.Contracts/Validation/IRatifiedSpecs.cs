namespace Chimera.Contracts.Validation;

/// <summary>The set of specs ratified in <c>specs/_meta.md</c>; events must reference one of them.</summary>
public interface IRatifiedSpecs
{
    /// <summary>True when <paramref name="reference"/> (e.g. <c>specs/openclaw_integration.md</c>) is ratified.</summary>
    bool IsRatified(string reference);

    /// <summary>The ratified references, for error messages and diagnostics.</summary>
    IReadOnlyCollection<string> References { get; }
}
