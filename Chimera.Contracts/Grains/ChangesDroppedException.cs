namespace Chimera.Contracts.Grains;

/// <summary>
/// A read of the change stream (spec §12) asked for revisions the log no longer holds: the embedded profile keeps
/// only the newest rows, so a watcher that fell further behind than that would otherwise skip rows without being
/// told. <see cref="OldestRetained"/> is the first revision still readable; resume after
/// <c>OldestRetained - 1</c> (accepting the gap) or from now. PostgreSQL never drops rows, so there it never occurs.
/// </summary>
[GenerateSerializer]
public sealed class ChangesDroppedException : Exception
{
    public ChangesDroppedException()
    {
    }

    public ChangesDroppedException(string message)
        : base(message)
    {
    }

    public ChangesDroppedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ChangesDroppedException(long afterRevision, long oldestRetained)
        : base($"revisions {afterRevision + 1}-{oldestRetained - 1} are no longer in the change log (the embedded profile keeps only the newest rows); " +
            $"resume after revision {oldestRetained - 1} to accept the gap, or from now")
    {
        AfterRevision = afterRevision;
        OldestRetained = oldestRetained;
    }

    /// <summary>The position the reader asked to continue after.</summary>
    [Id(0)]
    public long AfterRevision { get; init; }

    /// <summary>The oldest revision the log still holds.</summary>
    [Id(1)]
    public long OldestRetained { get; init; }
}
