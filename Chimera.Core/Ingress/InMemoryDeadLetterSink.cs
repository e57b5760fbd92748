using Chimera.Core.Telemetry;
using Microsoft.Extensions.Logging;

namespace Chimera.Core.Ingress;

/// <summary>
/// Embedded-profile dead letters: logged, counted (<c>chimera.events.deadlettered</c>, here and only here, like the
/// Redis sink), and the most recent kept for inspection (bounded).
/// </summary>
public sealed partial class InMemoryDeadLetterSink(ILogger<InMemoryDeadLetterSink> logger, ChimeraMetrics? metrics = null) : IDeadLetterSink
{
    /// <summary>How many recent letters are kept.</summary>
    public const int Capacity = 1000;

    private readonly Queue<DeadLetter> _recent = new();
    private readonly Lock _lock = new();
    private long _total;

    public long Total
    {
        get
        {
            lock (_lock)
            {
                return _total;
            }
        }
    }

    public IReadOnlyList<DeadLetter> Recent()
    {
        lock (_lock)
        {
            return [.. _recent];
        }
    }

    public Task WriteAsync(DeadLetter letter, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _total++;
            _recent.Enqueue(letter);
            if (_recent.Count > Capacity)
            {
                _recent.Dequeue();
            }
        }

        metrics?.CountDeadLettered(letter.ReasonCode);
        LogDeadLetter(letter.ReasonCode, letter.Origin, string.Join("; ", letter.Violations));
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dead-lettered an entry from {Origin}: {Reason} ({Violations})")]
    private partial void LogDeadLetter(string reason, string origin, string violations);
}
