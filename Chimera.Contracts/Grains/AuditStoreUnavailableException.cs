namespace Chimera.Contracts.Grains;

/// <summary>
/// The audit store could not record or read rows (e.g. PostgreSQL is unreachable). Nothing of the failed
/// operation was acknowledged; retrying is safe (appends are idempotent by event id). Serializable, unlike
/// the database driver's exceptions, so it crosses grain calls and reaches clients intact.
/// </summary>
[GenerateSerializer]
public sealed class AuditStoreUnavailableException : Exception
{
    public AuditStoreUnavailableException()
    {
    }

    public AuditStoreUnavailableException(string message)
        : base(message)
    {
    }

    public AuditStoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
