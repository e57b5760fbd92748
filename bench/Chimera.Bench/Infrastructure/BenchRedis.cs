using Chimera.Testing;
using StackExchange.Redis;

namespace Chimera.Bench.Infrastructure;

/// <summary>The run's redis-server (the Chimera.Testing fixture, AOF fsynced every second as in production) plus an admin connection for FLUSHALL, INFO and XPENDING.</summary>
internal sealed class BenchRedis : IAsyncDisposable
{
    private readonly RedisServer _server;

    private BenchRedis(RedisServer server, ConnectionMultiplexer connection)
    {
        _server = server;
        Connection = connection;
    }

    public string ConnectionString => _server.ConnectionString;

    public ConnectionMultiplexer Connection { get; }

    public IServer Server => Connection.GetServers()[0];

    /// <summary>Starts redis-server with <c>appendfsync everysec</c>, the production setting (the tests' fixture default is <c>always</c>).</summary>
    /// <remarks>The admin connection waits up to 30 s for a reply: on a saturated shared box INFO can take seconds.</remarks>
    public static async Task<BenchRedis> StartAsync()
    {
        var server = await RedisServer.StartAsync(RedisAppendFsync.EverySecond);
        var connection = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString + ",allowAdmin=true,syncTimeout=30000,asyncTimeout=30000");
        return new BenchRedis(server, connection);
    }

    public Task FlushAsync() => Server.FlushAllDatabasesAsync();

    /// <summary>Bytes Redis received and sent on the network so far (INFO stats): the traffic one event costs.</summary>
    public async Task<long> NetworkBytesAsync()
    {
        var info = await Server.InfoAsync("stats");
        return info.SelectMany(g => g).Where(p => p.Key is "total_net_input_bytes" or "total_net_output_bytes")
            .Sum(p => long.Parse(p.Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The server's version and AOF settings, read back with INFO and CONFIG GET.</summary>
    public async Task<string> DescribeDurabilityAsync()
    {
        var settings = new List<string>();
        foreach (var name in new[] { "appendonly", "appendfsync", "save" })
        {
            var value = (await Server.ConfigGetAsync(name)).FirstOrDefault().Value;
            settings.Add($"{name}={(string.IsNullOrEmpty(value) ? "\"\"" : value)}");
        }

        return $"Redis {Server.Version} {string.Join(" ", settings)}";
    }

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        await _server.DisposeAsync();
    }
}
