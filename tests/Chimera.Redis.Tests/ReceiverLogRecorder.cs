using System.Collections.Concurrent;
using Chimera.Redis.Streams;
using Microsoft.Extensions.Logging;

namespace Chimera.Redis.Tests;

/// <summary>
/// Keeps the Redis receivers' log events (by event id and partition key) of every silo, so a fault test can
/// show that the receivers really saw the outage and came back, rather than merely not noticing it.
/// </summary>
internal sealed class ReceiverLogRecorder : ILoggerProvider
{
    /// <summary><c>ReceiverLog.RedisUnavailable</c>.</summary>
    public const int Unavailable = 1;

    /// <summary><c>ReceiverLog.Recovered</c>.</summary>
    public const int Recovered = 2;

    private static readonly string Category = typeof(StatusQueueReceiver).FullName!;

    private readonly ConcurrentQueue<(int EventId, string StreamKey)> _events = new();

    /// <summary>The partition keys that logged <paramref name="eventId"/>.</summary>
    public IReadOnlySet<string> KeysThatLogged(int eventId) =>
        _events.Where(e => e.EventId == eventId).Select(e => e.StreamKey).ToHashSet(StringComparer.Ordinal);

    public ILogger CreateLogger(string categoryName) =>
        categoryName == Category ? new Recorder(_events) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public void Dispose()
    {
    }

    private sealed class Recorder(ConcurrentQueue<(int EventId, string StreamKey)> events) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var key = state is IReadOnlyList<KeyValuePair<string, object?>> fields
                ? fields.FirstOrDefault(f => f.Key == "StreamKey").Value as string
                : null;
            events.Enqueue((eventId.Id, key ?? ""));
        }
    }
}
