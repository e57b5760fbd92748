using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Contracts.Spec;
using Chimera.Contracts.Wire;
using Chimera.Core.Outbound;
using Chimera.Redis.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Chimera.Redis.Outbound;

/// <summary>
/// The Redis side of an influencer's views: a latest-status key that follows the liveness rule (spec §3.3,
/// <see cref="Liveness"/>): <c>SET ... PX</c> with the time left until the status expires (or until a self-preservation
/// hold ends), so Redis removes it by itself at expiry even if no grain ever runs again; deleted at once when a stale or
/// expired view is written. Heartbeats keep it alive: every write — changes and heartbeat refreshes alike — goes through
/// one silo-wide batch flushed every <see cref="ChimeraRedisOptions.LatestFlushInterval"/> as one pipeline, newest view
/// per influencer wins, and the PX is computed at flush time, so a refresh never costs a round trip of its own and a
/// key never outlives its status by more than the flush delay. Announcements go to the announce stream, capped with MAXLEN ~.
/// </summary>
internal sealed partial class RedisStatusOutbound : BackgroundService, IStatusOutbound
{
    private readonly IConnectionMultiplexer _redis;
    private readonly TimeProvider _clock;
    private readonly ChimeraRedisOptions _options;
    private readonly ILogger<RedisStatusOutbound> _logger;
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private Dictionary<string, PendingLatest> _pending = new(StringComparer.Ordinal);

    public RedisStatusOutbound(IConnectionMultiplexer redis, TimeProvider clock, IOptions<ChimeraRedisOptions> options, ILogger<RedisStatusOutbound>? logger = null)
    {
        _redis = redis;
        _clock = clock;
        _options = options.Value;
        _logger = logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger<RedisStatusOutbound>.Instance;
    }

    public static string LatestKey(string influencerId) => LatestStatusJson.Key(influencerId);

    /// <summary>Latest views waiting for the next flush (tests).</summary>
    internal int Pending
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count;
            }
        }
    }

    public Task PublishLatestAsync(InfluencerView view, CancellationToken cancellationToken = default)
    {
        var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Enqueue(view, written);
        return written.Task;
    }

    public void RefreshLatest(InfluencerView view) => Enqueue(view, null);

    public Task AnnounceAsync(OpenClawAnnouncement announcement, Guid announcementId, CancellationToken cancellationToken = default) =>
        _redis.GetDatabase().StreamAddAsync(
            PerceptionNames.AnnounceTopic,
            [new NameValueEntry(AnnounceJson.EntryField, AnnounceJson.Encode(announcement, _clock.GetUtcNow(), announcementId))],
            maxLength: _options.AnnounceMaxLength,
            useApproximateMaxLength: true);

    /// <summary>
    /// Writes every pending view in one pipeline. A write that fails fails its waiters (their grain retries); a failed
    /// heartbeat refresh is dropped (the next heartbeat's refresh writes the key again). The loop calls it; tests may too.
    /// </summary>
    public async Task FlushAsync()
    {
        await _flushing.WaitAsync().ConfigureAwait(false);
        try
        {
            Dictionary<string, PendingLatest> batch;
            lock (_lock)
            {
                if (_pending.Count == 0)
                {
                    return;
                }

                batch = _pending;
                _pending = new Dictionary<string, PendingLatest>(StringComparer.Ordinal);
            }

            var now = _clock.GetUtcNow();
            var db = _redis.GetDatabase();
            var writes = new List<(PendingLatest Entry, Task Write)>(batch.Count);
            foreach (var entry in batch.Values)
            {
                var view = entry.View;
                var key = LatestKey(view.InfluencerId);
                var keep = Liveness.KeepFor(view.ExpiresAt, now, view.SuspectUntil);
                var milliseconds = (long)Math.Floor(keep.TotalMilliseconds);
                writes.Add((entry, milliseconds <= 0
                    ? db.KeyDeleteAsync(key)
                    : db.StringSetAsync(key, LatestStatusJson.Encode(view), TimeSpan.FromMilliseconds(milliseconds))));
            }

            var failed = 0;
            Exception? error = null;
            foreach (var (entry, write) in writes)
            {
                try
                {
                    await write.ConfigureAwait(false);
                    entry.Complete(null);
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
                {
                    failed++;
                    error ??= ex;
                    entry.Complete(ex);
                }
            }

            if (error is not null)
            {
                LogLatestFailed(failed, writes.Count, error);
            }
        }
        finally
        {
            _flushing.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.LatestFlushInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await FlushAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Silo stopping.
        }
    }

    private void Enqueue(InfluencerView view, TaskCompletionSource? written)
    {
        lock (_lock)
        {
            // One grain enqueues its views in order, so the later one is the newer: it replaces an unsent earlier view,
            // and whoever waited for that one is told once the newer one (which covers it) is written.
            if (_pending.TryGetValue(view.InfluencerId, out var existing))
            {
                existing.View = view;
                existing.Add(written);
            }
            else
            {
                var entry = new PendingLatest(view);
                entry.Add(written);
                _pending.Add(view.InfluencerId, entry);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing {Failed} of {Total} latest-status keys to Redis failed; changes are retried by their grains, heartbeat refreshes by the next heartbeat")]
    private partial void LogLatestFailed(int failed, int total, Exception exception);
}
