namespace Chimera.Postgres.Audit;

/// <summary>How a batch reaches the table. Both are idempotent by event id; README records the measurement.</summary>
internal enum AuditWriteMode
{
    /// <summary>
    /// Unnest below <see cref="PostgresAuditLog.CopyThreshold"/> rows (one round trip wins for small batches),
    /// COPY from there on (COPY's cheaper encoding wins for large ones). The default.
    /// </summary>
    Adaptive,

    /// <summary>Binary COPY into a temp staging table, then INSERT ... SELECT ... ON CONFLICT DO NOTHING.</summary>
    CopyThenInsert,

    /// <summary>One INSERT ... SELECT FROM unnest(arrays) ... ON CONFLICT DO NOTHING.</summary>
    UnnestInsert,
}
