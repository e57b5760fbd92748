using Chimera.Testing;
using StackExchange.Redis;

namespace Chimera.Bench.Infrastructure;

/// <summary>The run's redis-server (the Chimera.Testing fixture) plus an admin connection for FLUSHALL, INFO and XPENDING.</summary>
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

    public static async Task<BenchRedis> StartAsync()
    {
        var server = await RedisServer.StartAsync();
        var connection = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString + ",allowAdmin=true");
        return new BenchRedis(server, connection);
    }

    public Task FlushAsync() => Server.FlushAllDatabasesAsync();

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        await _server.DisposeAsync();
    }
}
