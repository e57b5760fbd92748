using Chimera.Contracts.Validation;

namespace Chimera.Core.Ingress;

/// <summary>
/// A rejected entry: the original fields as received (bytes, nothing re-encoded; bounded by <see cref="DeadLetters"/>),
/// every violation, where it came from (e.g. the Redis stream key and entry id) and when it was rejected.
/// </summary>
public sealed record DeadLetter(
    IReadOnlyList<DeadLetterField> OriginalFields,
    IReadOnlyList<Violation> Violations,
    string Origin,
    DateTimeOffset RejectedAt)
{
    /// <summary>The first violation's code: the headline reason.</summary>
    public string ReasonCode => Violations.Count > 0 ? Violations[0].Code : RejectCodes.MalformedEntry;
}
