namespace Chimera.Contracts.Validation;

/// <summary>One reason an entry was rejected: where (a JSON path such as <c>payload.load</c>), a stable code, and a sentence.</summary>
[GenerateSerializer, Immutable]
public sealed record Violation(
    [property: Id(0)] string Path,
    [property: Id(1)] string Code,
    [property: Id(2)] string Message)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Code} at {Path}: {Message}";
}
