using Chimera.Contracts.Grains;

namespace Chimera.Core.Changes;

/// <summary>
/// The revisioned change stream's store (spec §12): audit rows in revision order. A revision is assigned when a
/// row becomes durable and revision order is commit order, so a reader that asks for "after R" and gets rows up
/// to R' has seen every row at or below R' that will ever exist.
/// </summary>
public interface IChangeLog
{
    /// <summary>Rows with revision above <paramref name="afterRevision"/>, ascending, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<AuditRecord>> ReadAfterAsync(long afterRevision, int limit, CancellationToken cancellationToken = default);

    /// <summary>The highest revision stored (0 when empty).</summary>
    Task<long> GetHeadAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Completes when a revision above <paramref name="afterRevision"/> may exist, or after <paramref name="atMost"/>:
    /// a hint to read again, never a promise (the caller re-reads either way).
    /// </summary>
    Task WaitAsync(long afterRevision, TimeSpan atMost, CancellationToken cancellationToken = default);
}
