namespace Chimera.Core.Ingress;

/// <summary>One dead letter as the page lists it: when, why, from where, and the first violation's message.</summary>
public sealed record DeadLetterLine(DateTimeOffset? RejectedAt, string Reason, string Origin, string Message);
