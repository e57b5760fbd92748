namespace Chimera.Adapters;

/// <summary>What <see cref="StatusAdapter.ReportAsync"/> did with a report.</summary>
public enum ReportOutcome
{
    /// <summary>The change was published; nothing is left in the buffer.</summary>
    Published = 0,

    /// <summary>The transport failed; the change waits in the buffer and is retried with backoff.</summary>
    Buffered = 1,

    /// <summary>The report equals the last one; nothing was emitted (the heartbeat timer keeps it alive).</summary>
    Unchanged = 2,
}
