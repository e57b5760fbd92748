using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Chimera.Bench.Infrastructure;

/// <summary>
/// Counts the silo's warnings and errors by category and event id, and prints only the first few of each kind: under
/// saturation the same warning can repeat thousands of times, which would bury the results. The counts are printed
/// with the results (<see cref="Summary"/>), so nothing is hidden, only folded.
/// </summary>
internal sealed class WarningCounter : ILoggerProvider
{
    private const int PrintedPerKind = 2;

    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly Func<bool> _muted;

    public WarningCounter(Func<bool> muted) => _muted = muted;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>"N x Category[event]" for every kind seen, most frequent first.</summary>
    public string Summary() => _counts.IsEmpty
        ? "none"
        : string.Join("; ", _counts.OrderByDescending(p => p.Value).Select(p => $"{p.Value:N0} x {p.Key}"));

    public void Dispose()
    {
    }

    private sealed class Logger(WarningCounter owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel) || owner._muted())
            {
                return;
            }

            var kind = $"{logLevel.ToString().ToLowerInvariant()} {category}[{eventId.Id}]";
            var seen = owner._counts.AddOrUpdate(kind, 1, (_, n) => n + 1);
            if (seen <= PrintedPerKind)
            {
                var first = exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message.Split('\n')[0]})";
                Console.Out.WriteLine($"{logLevel.ToString().ToLowerInvariant()}: {category}[{eventId.Id}] {formatter(state, exception)}{first}{(seen == PrintedPerKind ? " (further ones counted, not printed)" : "")}");
            }
        }
    }
}
