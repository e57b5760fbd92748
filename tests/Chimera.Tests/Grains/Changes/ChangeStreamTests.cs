using Chimera.Client;
using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Testing;
using Microsoft.Extensions.Options;

namespace Chimera.Tests.Grains.Changes;

/// <summary>The revisioned change stream (spec §12) on the embedded profile: revisions, the feed grain, and the client's watch.</summary>
[Trait(TestCategories.Name, TestCategories.Cluster)]
public sealed class ChangeStreamTests(ChimeraClusterFixture fixture) : IClassFixture<ChimeraClusterFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly IChimeraClient _client = new ChimeraClient(fixture.Client, Options.Create(new ChimeraClientOptions { WatchWait = TimeSpan.FromSeconds(2) }), fixture.Clock);

    private IChangeFeedGrain Feed => fixture.Client.GetGrain<IChangeFeedGrain>(0);

    private DateTimeOffset Now => fixture.Clock.GetUtcNow();

    [Fact]
    public async Task Every_audited_change_gets_a_revision_and_the_feed_returns_them_in_order_after_a_position()
    {
        var head = await Feed.GetHeadAsync();
        var ids = Enumerable.Range(0, 6).Select(i => $"rev-{i}").ToArray();
        await PublishAsync(ids);
        var rows = await CollectAsync(head, ids.Length, new ChangeFilter { InfluencerIds = ids });

        rows.Select(r => r.InfluencerId).ShouldBe(ids, ignoreOrder: true);
        rows.Select(r => r.Revision).ShouldBeInOrder(SortDirection.Ascending);
        rows.Select(r => r.Revision).Distinct().Count().ShouldBe(rows.Count);
        rows.ShouldAllBe(r => r.Revision > head);

        // Reading again after the first of them returns exactly the others: the position is exclusive.
        var rest = await Feed.ReadAsync(rows[0].Revision, new ChangeFilter { InfluencerIds = ids }, 100, TimeSpan.Zero);
        rest.Changes.Select(r => r.Revision).ShouldBe(rows.Skip(1).Select(r => r.Revision));
    }

    [Fact]
    public async Task A_filtered_read_returns_only_matches_and_reports_how_far_it_looked()
    {
        var head = await Feed.GetHeadAsync();
        await PublishAsync(["filter-a", "filter-b"]);
        await Eventually.TrueAsync(async () => (await fixture.Audit.ReadAfterAsync(head, 100)).Count(r => r.InfluencerId.StartsWith("filter-", StringComparison.Ordinal)) == 2,
            "both rows to be audited", Deadline);

        var page = await Feed.ReadAsync(head, new ChangeFilter { InfluencerIds = ["filter-b"] }, IChangeFeedGrain.MaxPage, TimeSpan.Zero);

        page.Changes.ShouldHaveSingleItem().InfluencerId.ShouldBe("filter-b");
        var examined = await fixture.Audit.ReadAfterAsync(head, IChangeFeedGrain.MaxPage);
        page.Through.ShouldBe(examined[^1].Revision);

        var none = await Feed.ReadAsync(head, new ChangeFilter { Kinds = [AuditKind.ProbeResult], InfluencerIds = ["filter-a"] }, IChangeFeedGrain.MaxPage, TimeSpan.Zero);
        none.Changes.ShouldBeEmpty();
        none.Through.ShouldBe(examined[^1].Revision); // looked at everything there was, so the next read starts after it
    }

    [Fact]
    public async Task A_caught_up_read_waits_and_returns_the_next_change_when_it_arrives()
    {
        var head = await Feed.GetHeadAsync();
        var filter = new ChangeFilter { InfluencerIds = ["wait-one"] };
        var waiting = Feed.ReadAsync(head, filter, 10, IChangeFeedGrain.MaxWait).AsTask();

        await PublishAsync(["wait-one"]);

        var page = await waiting.WaitAsync(Deadline);
        page.Changes.ShouldHaveSingleItem().InfluencerId.ShouldBe("wait-one");
    }

    [Fact]
    public async Task A_watch_stopped_mid_stream_and_resumed_from_its_last_revision_sees_every_change_exactly_once()
    {
        var ids = Enumerable.Range(0, 10).Select(i => $"resume-{i}").ToArray();
        var filter = new ChangeFilter { InfluencerIds = ids };
        var start = await _client.GetHeadRevisionAsync();
        await PublishAsync(ids[..5]);

        // First life of the watcher: takes three changes, then "disconnects" (stops enumerating).
        var seen = new List<AuditRecord>();
        using (var first = new CancellationTokenSource(Deadline))
        {
            await foreach (var change in _client.WatchAsync(start, filter, first.Token))
            {
                seen.Add(change);
                if (seen.Count == 3)
                {
                    break;
                }
            }
        }

        // While it is away, more changes happen; it resumes from the last revision it processed.
        await PublishAsync(ids[5..]);
        using (var second = new CancellationTokenSource(Deadline))
        {
            await foreach (var change in _client.WatchAsync(seen[^1].Revision, filter, second.Token))
            {
                seen.Add(change);
                if (seen.Count == ids.Length)
                {
                    break;
                }
            }
        }

        seen.Select(c => c.InfluencerId).ShouldBe(ids, ignoreOrder: true);
        seen.Select(c => c.Revision).ShouldBeInOrder(SortDirection.Ascending);
        seen.Select(c => c.EventId).Distinct().Count().ShouldBe(ids.Length);
    }

    [Fact]
    public async Task Watch_from_now_skips_what_happened_before_it_started()
    {
        await PublishAsync(["now-before"]);
        await Eventually.TrueAsync(async () => (await fixture.Audit.ReadAfterAsync(0, InfluencerCountLimit)).Any(r => r.InfluencerId == "now-before"), "the earlier change to be audited", Deadline);
        using var cancel = new CancellationTokenSource(Deadline);
        var watch = _client.WatchAsync(WatchFrom.Now, new ChangeFilter { InfluencerIds = ["now-before", "now-after"] }, cancel.Token).GetAsyncEnumerator(cancel.Token);
        var next = watch.MoveNextAsync().AsTask();

        await PublishAsync(["now-after"]);

        (await next).ShouldBeTrue();
        watch.Current.InfluencerId.ShouldBe("now-after");
        await watch.DisposeAsync();
    }

    [Fact]
    public async Task Bad_arguments_are_refused_before_any_call()
    {
        await Should.ThrowAsync<ArgumentException>(() => Feed.ReadAsync(0, new ChangeFilter { InfluencerIds = [.. Enumerable.Range(0, 101).Select(i => $"x{i}")] }, 10, TimeSpan.Zero).AsTask());
        await Should.ThrowAsync<ArgumentOutOfRangeException>(() => Feed.ReadAsync(-5, ChangeFilter.All, 10, TimeSpan.Zero).AsTask());
        await Should.ThrowAsync<ArgumentOutOfRangeException>(() => Feed.ReadAsync(0, ChangeFilter.All, IChangeFeedGrain.MaxPage + 1, TimeSpan.Zero).AsTask());
        await Should.ThrowAsync<ArgumentOutOfRangeException>(() => Feed.ReadAsync(0, ChangeFilter.All, 10, TimeSpan.FromMinutes(1)).AsTask());
        await Should.ThrowAsync<ArgumentOutOfRangeException>(async () => await _client.WatchAsync(-2).GetAsyncEnumerator().MoveNextAsync());
    }

    [Fact]
    public async Task Audited_counts_list_every_status_zeros_included()
    {
        var counts = await fixture.Client.GetGrain<IHistoryGrain>(0).CountByStatusAsync(new StatusCountsQuery(Now.AddYears(-10), Now.AddYears(-9)));

        counts.Keys.ShouldBe(Enum.GetValues<InfluencerStatus>().Select(s => s.ToWire()), ignoreOrder: true);
        counts.Values.ShouldAllBe(c => c == 0);
    }

    private const int InfluencerCountLimit = 100_000;

    private async Task PublishAsync(IEnumerable<string> ids)
    {
        foreach (var id in ids)
        {
            (await fixture.Client.GetGrain<IStatusIngestGrain>(0).IngestAsync(StatusEvents.Sign(StatusEvents.Create(id, Now, InfluencerStatus.Online)))).ShouldBeEmpty();
        }
    }

    private async Task<List<AuditRecord>> CollectAsync(long after, int count, ChangeFilter filter)
    {
        var rows = new List<AuditRecord>();
        using var cancel = new CancellationTokenSource(Deadline);
        await foreach (var change in _client.WatchAsync(after, filter, cancel.Token))
        {
            rows.Add(change);
            if (rows.Count == count)
            {
                break;
            }
        }

        return rows;
    }
}
