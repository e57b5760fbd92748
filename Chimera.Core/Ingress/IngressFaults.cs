using Chimera.Contracts.Validation;

namespace Chimera.Core.Ingress;

/// <summary>
/// Per-entry isolation (spec §8.5): what a receiver records when handling one entry throws. The entry is
/// dead-lettered as <see cref="RejectCodes.InternalError"/> with the exception type (never its message: that may
/// quote the entry, and the letter must stay storable) and the step that failed; the batch goes on.
/// </summary>
public static class IngressFaults
{
    /// <summary>The violation for <paramref name="exception"/> thrown while <paramref name="step"/> (e.g. <c>admit</c>) ran on one entry.</summary>
    public static Violation InternalError(Exception exception, string step)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new Violation("$", RejectCodes.InternalError,
            $"Chimera failed to {step} this entry ({exception.GetType().FullName}); it was dead-lettered so the entries behind it go on");
    }
}
