using System.Diagnostics.CodeAnalysis;
using Chimera.Contracts.Model;
using Chimera.Contracts.Validation;

namespace Chimera.Core.Ingress;

/// <summary>An admitted event (provenance attached), or why not.</summary>
public readonly struct GateResult
{
    private GateResult(StatusEvent? accepted, IReadOnlyList<Violation> violations)
    {
        Event = accepted;
        Violations = violations;
    }

    public StatusEvent? Event { get; }

    public IReadOnlyList<Violation> Violations { get; }

    [MemberNotNullWhen(true, nameof(Event))]
    public bool IsAccepted => Event is not null;

    public static GateResult Accept(StatusEvent accepted) => new(accepted, []);

    public static GateResult Reject(IReadOnlyList<Violation> violations) => new(null, violations);

    public static GateResult Reject(Violation violation) => new(null, [violation]);
}
