using System.Data.Common;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Chimera.Contracts.Grains;
using Chimera.Contracts.Provenance;
using Chimera.Contracts.Resilience;
using Chimera.Contracts.Validation;
using Microsoft.Extensions.Options;
using Orleans.Runtime.Messaging;

namespace Chimera.Client;

/// <summary>The <see cref="IChimeraClient"/> over an Orleans cluster client.</summary>
internal sealed class ChimeraClient(IClusterClient cluster, IOptions<ChimeraClientOptions> options, TimeProvider? timeProvider = null) : IChimeraClient
{
    private readonly ChimeraClientOptions _options = options.Value;
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    public Task<InfluencerView?> GetStatusAsync(string influencerId, CancellationToken cancellationToken = default)
    {
        ChimeraArguments.ValidateInfluencerId(influencerId);
        return CallAsync(() => cluster.GetGrain<IInfluencerGrain>(influencerId).GetStatusAsync(), cancellationToken);
    }

    public Task<IReadOnlyList<InfluencerSummary>> ListAsync(ListQuery query, CancellationToken cancellationToken = default)
    {
        ChimeraArguments.Validate(query);
        return CallAsync(() => Routing.ListAsync(query), cancellationToken);
    }

    public Task<RouteResult> RouteAsync(RouteRequest request, CancellationToken cancellationToken = default)
    {
        ChimeraArguments.Validate(request);
        return CallAsync(() => Routing.RouteAsync(request), cancellationToken);
    }

    public Task<RegistryCounts> GetCountsAsync(CancellationToken cancellationToken = default) =>
        CallAsync(() => Routing.GetCountsAsync(), cancellationToken);

    public Task<InfluencerView> ReportProbeResultAsync(string influencerId, string probeId, bool passed, string? detail = null, CancellationToken cancellationToken = default)
    {
        ChimeraArguments.ValidateInfluencerId(influencerId);
        if (ChimeraArguments.IdError("probe id", probeId, StatusLimits.MaxEventIdLength) is { } error)
        {
            throw new ArgumentException(error, nameof(probeId));
        }

        if (detail is { Length: > StatusLimits.MaxCurrentTaskLength })
        {
            throw new ArgumentException($"detail is {detail.Length} characters; the limit is {StatusLimits.MaxCurrentTaskLength}", nameof(detail));
        }

        var result = new ProbeResult(probeId, passed, detail, _time.GetUtcNow());
        return CallAsync(() => cluster.GetGrain<IInfluencerGrain>(influencerId).ReportProbeResultAsync(result), cancellationToken);
    }

    public Task<IReadOnlyList<AuditRecord>> GetHistoryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ChimeraArguments.Validate(query);
        return CallAsync(() => History.GetHistoryAsync(query), cancellationToken);
    }

    public Task<AuditRecord?> GetStatusAsOfAsync(string influencerId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ChimeraArguments.ValidateInfluencerId(influencerId);
        return CallAsync(() => History.GetStatusAsOfAsync(influencerId, at), cancellationToken);
    }

    public Task<IReadOnlyDictionary<string, long>> CountByStatusAsync(StatusCountsQuery query, CancellationToken cancellationToken = default)
    {
        ChimeraArguments.Validate(query);
        return CallAsync(() => History.CountByStatusAsync(query), cancellationToken);
    }

    public Task<IReadOnlyList<Violation>> PublishAsync(SignedStatusEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return CallAsync(() => cluster.GetGrain<IStatusIngestGrain>(0).IngestAsync(entry), cancellationToken);
    }

    public async IAsyncEnumerable<RegistrySnapshot> TopAsync(TimeSpan? interval = null, int top = 20, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var period = interval ?? _options.WatchInterval;
        if (period <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(interval), period, "the watch interval must be positive");
        }

        if (top is < 1 or > ListQuery.MaxLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(top), top, $"top must be 1-{ListQuery.MaxLimit}");
        }

        var sequence = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var counts = await GetCountsAsync(cancellationToken).ConfigureAwait(false);
            var rows = await ListAsync(new ListQuery(Limit: top), cancellationToken).ConfigureAwait(false);
            yield return new RegistrySnapshot(counts, rows, _time.GetUtcNow(), ++sequence);
            await Task.Delay(period, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task<long> GetHeadRevisionAsync(CancellationToken cancellationToken = default) =>
        CallAsync(() => Feed.GetHeadAsync(), cancellationToken);

    public async IAsyncEnumerable<AuditRecord> WatchAsync(long fromRevision = WatchFrom.Now, ChangeFilter? filter = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        filter ??= ChangeFilter.All;
        if (filter.Error() is { } error)
        {
            throw new ArgumentException(error, nameof(filter));
        }

        if (fromRevision < WatchFrom.Now)
        {
            throw new ArgumentOutOfRangeException(nameof(fromRevision), fromRevision, "a revision is 0 or more (or WatchFrom.Now)");
        }

        var position = fromRevision;
        var failures = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ChangePage page;
            try
            {
                if (position == WatchFrom.Now)
                {
                    position = await Feed.GetHeadAsync().AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
                }

                page = await Feed.ReadAsync(position, filter, _options.WatchPageSize, _options.WatchWait).AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
                failures = 0;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && (IsUnavailable(ex) || ex is AuditStoreUnavailableException))
            {
                // The silo went away (or its store did): the Orleans client finds another gateway or reconnects, and the
                // read resumes from the last revision handed to the caller, so nothing is skipped or repeated.
                failures++;
                await Task.Delay(RetryJitter.Backoff(failures, _options.WatchRetryInitial, _options.WatchRetryMax), _time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            foreach (var change in page.Changes)
            {
                yield return change;
            }

            position = Math.Max(position, page.Through);
        }
    }

    private IChangeFeedGrain Feed => cluster.GetGrain<IChangeFeedGrain>(0);

    private IRoutingGrain Routing => cluster.GetGrain<IRoutingGrain>(IRoutingGrain.DefaultPool);

    private IHistoryGrain History => cluster.GetGrain<IHistoryGrain>(0);

    private async Task<T> CallAsync<T>(Func<ValueTask<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call().AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            throw Unavailable(_options, ex);
        }
    }

    /// <summary>True for the failures that mean "the cluster is not there", as opposed to a grain's own error.</summary>
    internal static bool IsUnavailable(Exception exception)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            if (ex is SiloUnavailableException or ConnectionFailedException or OrleansMessageRejectionException
                or GatewayTooBusyException or SocketException or DbException or TimeoutException)
            {
                return true;
            }

            if (ex is AggregateException aggregate && aggregate.InnerExceptions.Any(IsUnavailable))
            {
                return true;
            }
        }

        return false;
    }

    internal static ChimeraUnavailableException Unavailable(ChimeraClientOptions options, Exception inner) =>
        new($"The Chimera cluster is unreachable via {options.DescribeTarget()}: {Root(inner).Message}", inner);

    private static Exception Root(Exception ex)
    {
        while (ex.InnerException is not null && ex is not TimeoutException)
        {
            ex = ex.InnerException;
        }

        return ex;
    }
}
