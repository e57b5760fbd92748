using Chimera.Contracts.Validation;

namespace Chimera.Adapters;

/// <summary>A status event was refused (by the adapter's own check or by the silo), with every violation.</summary>
public sealed class StatusRejectedException : Exception
{
    public StatusRejectedException()
        : this([])
    {
    }

    public StatusRejectedException(string message)
        : base(message)
    {
        Violations = [];
    }

    public StatusRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Violations = [];
    }

    public StatusRejectedException(IReadOnlyList<Violation> violations)
        : base(Describe(violations))
    {
        Violations = violations;
    }

    /// <summary>Why: each with its JSON path and reason code.</summary>
    public IReadOnlyList<Violation> Violations { get; }

    private static string Describe(IReadOnlyList<Violation> violations) =>
        violations.Count == 0 ? "the status event was rejected" : "the status event was rejected: " + string.Join("; ", violations);
}
