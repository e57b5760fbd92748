using Chimera.Contracts.Grains;
using Chimera.Core.Changes;
using Orleans.Concurrency;

namespace Chimera.Grains.Changes;

/// <summary>
/// Serves <see cref="IChangeFeedGrain"/> from the silo's <see cref="IChangeLog"/>. Stateless and reentrant: one
/// activation per silo holds any number of waiting watchers (each read mostly waits), without the one-call-at-a-time
/// limit that would make the second watcher wait for the first one's long poll.
/// </summary>
[StatelessWorker(1)]
[Reentrant]
internal sealed class ChangeFeedGrain(IChangeLog log) : Grain, IChangeFeedGrain
{
    public async ValueTask<ChangePage> ReadAsync(long afterRevision, ChangeFilter filter, int limit, TimeSpan wait)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.Error() is { } error)
        {
            throw new ArgumentException(error, nameof(filter));
        }

        if (afterRevision < 0 || limit is < 1 or > IChangeFeedGrain.MaxPage || wait < TimeSpan.Zero || wait > IChangeFeedGrain.MaxWait)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), $"after >= 0, limit 1-{IChangeFeedGrain.MaxPage} and wait 0-{IChangeFeedGrain.MaxWait.TotalSeconds} s are required");
        }

        var until = DateTime.UtcNow + wait;
        var position = afterRevision;
        while (true)
        {
            var rows = await log.ReadAfterAsync(position, limit);
            if (rows.Count > 0)
            {
                var matching = rows.Where(filter.Matches).ToList();
                position = rows[^1].Revision;
                if (matching.Count > 0)
                {
                    return new ChangePage(matching, position);
                }

                // A full page of rows the filter does not want: keep scanning (bounded by the wait), so a narrow
                // watcher is not handed empty pages one after another.
                if (rows.Count == limit && DateTime.UtcNow < until)
                {
                    continue;
                }
            }

            var left = until - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                return new ChangePage([], position);
            }

            await log.WaitAsync(position, left);
        }
    }

    public async ValueTask<long> GetHeadAsync() => await log.GetHeadAsync();
}
