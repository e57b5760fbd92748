namespace Chimera.Core.Ingress;

/// <summary>
/// Receives rejected entries (<c>mcp.perception.deadletter</c>). Throws when the letter could not be stored:
/// callers must not acknowledge the original entry then, or a rejected entry would vanish without a trace.
/// </summary>
public interface IDeadLetterSink
{
    Task WriteAsync(DeadLetter letter, CancellationToken cancellationToken = default);
}
