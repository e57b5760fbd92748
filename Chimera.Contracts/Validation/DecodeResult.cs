using System.Diagnostics.CodeAnalysis;
using Chimera.Contracts.Model;

namespace Chimera.Contracts.Validation;

/// <summary>The outcome of decoding one event: the event, or every violation found (never both).</summary>
public readonly struct DecodeResult
{
    private DecodeResult(StatusEvent? value, IReadOnlyList<Violation> violations)
    {
        Event = value;
        Violations = violations;
    }

    /// <summary>The decoded event when <see cref="IsValid"/>.</summary>
    public StatusEvent? Event { get; }

    /// <summary>All violations; empty when valid.</summary>
    public IReadOnlyList<Violation> Violations { get; }

    [MemberNotNullWhen(true, nameof(Event))]
    public bool IsValid => Event is not null;

    public static DecodeResult Valid(StatusEvent value) => new(value, []);

    public static DecodeResult Invalid(IReadOnlyList<Violation> violations) =>
        violations.Count == 0 ? throw new ArgumentException("an invalid result needs a violation", nameof(violations)) : new(null, violations);
}
