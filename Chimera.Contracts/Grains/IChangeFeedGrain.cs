namespace Chimera.Contracts.Grains;

/// <summary>
/// The revisioned change stream (spec §12), read in pages: a long poll that returns as soon as there is something
/// after the caller's position, or empty after <c>wait</c>. Stateless; any silo answers, and a client that lost
/// its silo continues on another from the last revision it processed. Use <c>IChimeraClient.WatchAsync</c>.
/// </summary>
public interface IChangeFeedGrain : IGrainWithIntegerKey
{
    /// <summary>Most rows one page may hold.</summary>
    public const int MaxPage = 1000;

    /// <summary>Longest a read may wait for news (kept well inside Orleans' 30 s response timeout).</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(15);

    /// <summary>Changes after <paramref name="afterRevision"/> that match <paramref name="filter"/>, oldest first.</summary>
    ValueTask<ChangePage> ReadAsync(long afterRevision, ChangeFilter filter, int limit, TimeSpan wait);

    /// <summary>The highest revision so far (0 before the first change): "watch from now" starts after it.</summary>
    ValueTask<long> GetHeadAsync();
}
