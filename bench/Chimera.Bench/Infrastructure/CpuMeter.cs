using System.Diagnostics;
using System.Globalization;
using StackExchange.Redis;

namespace Chimera.Bench.Infrastructure;

/// <summary>CPU seconds spent by this process and by redis-server (INFO cpu) over an interval: where the two cores went.</summary>
internal sealed class CpuMeter
{
    private readonly IServer _redis;
    private readonly TimeSpan _processStart;
    private readonly double _redisStart;
    private readonly Stopwatch _wall = Stopwatch.StartNew();

    private CpuMeter(IServer redis, TimeSpan processStart, double redisStart)
    {
        _redis = redis;
        _processStart = processStart;
        _redisStart = redisStart;
    }

    public static async Task<CpuMeter> StartAsync(IServer redis) =>
        new(redis, Process.GetCurrentProcess().TotalProcessorTime, await RedisCpuAsync(redis));

    public async Task<(double ProcessSeconds, double RedisSeconds, double WallSeconds)> StopAsync()
    {
        var wall = _wall.Elapsed.TotalSeconds;
        var process = (Process.GetCurrentProcess().TotalProcessorTime - _processStart).TotalSeconds;
        var redis = await RedisCpuAsync(_redis) - _redisStart;
        return (process, redis, wall);
    }

    private static async Task<double> RedisCpuAsync(IServer redis)
    {
        var info = await redis.InfoAsync("cpu");
        var total = 0.0;
        foreach (var group in info)
        {
            foreach (var pair in group)
            {
                if (pair.Key is "used_cpu_sys" or "used_cpu_user")
                {
                    total += double.Parse(pair.Value, CultureInfo.InvariantCulture);
                }
            }
        }

        return total;
    }
}
