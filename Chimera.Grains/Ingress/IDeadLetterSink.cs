namespace Chimera.Grains.Ingress;

/// <summary>Receives rejected entries (<c>mcp.perception.deadletter</c>); must not throw for a well-formed letter.</summary>
public interface IDeadLetterSink
{
    Task WriteAsync(DeadLetter letter, CancellationToken cancellationToken = default);
}
