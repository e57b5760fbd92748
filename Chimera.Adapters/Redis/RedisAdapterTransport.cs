using Chimera.Contracts.Provenance;
using Chimera.Contracts.Spec;
using Chimera.Contracts.Wire;
using StackExchange.Redis;

namespace Chimera.Adapters.Redis;

/// <summary>
/// Publishes signed status entries the way the silos read them: XADD of the four fields
/// <see cref="SignedEntryWire"/> encodes (the codec the silo's receiver decodes with) into
/// <c>mcp.perception.influencer.status:{p}</c>, p from <see cref="StatusPartitioner"/>. Throws when Redis did not take the entry, so the adapter can buffer and retry.
/// </summary>
public sealed class RedisAdapterTransport : IAdapterTransport, IAsyncDisposable
{
    private readonly IConnectionMultiplexer _redis;
    private readonly bool _ownsConnection;
    private readonly string[] _keys;

    /// <summary>Uses an existing connection (not disposed by this transport).</summary>
    public RedisAdapterTransport(IConnectionMultiplexer redis, int partitions = StatusPartitioner.DefaultPartitions)
        : this(redis, partitions, ownsConnection: false)
    {
    }

    private RedisAdapterTransport(IConnectionMultiplexer redis, int partitions, bool ownsConnection)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        _redis = redis;
        _ownsConnection = ownsConnection;
        _keys = new string[partitions];
        for (var i = 0; i < partitions; i++)
        {
            _keys[i] = StatusPartitioner.StreamKey(PerceptionNames.StatusTopic, i);
        }
    }

    /// <summary>The partition count this transport spreads influencers over.</summary>
    public int Partitions => _keys.Length;

    /// <summary>
    /// Connects to Redis and returns a transport that owns the connection. Does not fail when Redis is down
    /// at start: the connection keeps retrying and <see cref="PublishAsync"/> throws until it is back.
    /// </summary>
    public static RedisAdapterTransport Create(string connectionString, int partitions = StatusPartitioner.DefaultPartitions)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        return new RedisAdapterTransport(ConnectionMultiplexer.Connect(options), partitions, ownsConnection: true);
    }

    /// <summary>
    /// Same as <see cref="Create(string, int)"/> from options (the connection string inline or from its file), checked first:
    /// <c>OptionsValidationException</c> naming the setting.
    /// </summary>
    public static RedisAdapterTransport Create(RedisAdapterTransportOptions options)
    {
        RedisAdapterTransportOptionsValidator.Instance.ThrowIfInvalid(options);
        return Create(options.ResolveConnectionString(), options.Partitions);
    }

    /// <inheritdoc/>
    public Task PublishAsync(SignedStatusEntry entry, string influencerId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentException.ThrowIfNullOrEmpty(influencerId);
        cancellationToken.ThrowIfCancellationRequested();
        var key = _keys[StatusPartitioner.PartitionOf(influencerId, _keys.Length)];
        return _redis.GetDatabase().StreamAddAsync(key, SignedEntryWire.Encode(entry, static (name, value) => new NameValueEntry(name, value)));
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_ownsConnection)
        {
            await _redis.DisposeAsync().ConfigureAwait(false);
        }
    }
}
