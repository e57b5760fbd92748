namespace Chimera.Contracts.Grains;

/// <summary>
/// The audit store refused this one row as data (PostgreSQL SQLSTATE class 22, 23 or 54, or a value its encoder
/// cannot write), so retrying it cannot succeed. The other rows of its group-commit batch were committed without it
/// (spec §9). Nothing Chimera admits can cause this (spec §8.4); it is a bug or a hand-built record. Serializable,
/// so it crosses grain calls intact.
/// </summary>
[GenerateSerializer]
public sealed class AuditRecordRejectedException : Exception
{
    public AuditRecordRejectedException()
    {
    }

    public AuditRecordRejectedException(string message)
        : base(message)
    {
    }

    public AuditRecordRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
