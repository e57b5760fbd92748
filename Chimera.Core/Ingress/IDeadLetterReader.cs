namespace Chimera.Core.Ingress;

/// <summary>Reads back what the dead-letter sink holds, for the registry page and the <c>chimera.deadletters</c> gauge.</summary>
public interface IDeadLetterReader
{
    /// <summary>The retained total and, over the newest <paramref name="window"/> letters, counts by reason and the newest few.</summary>
    Task<DeadLetterSummary> SummarizeAsync(int window = DeadLetterSummary.DefaultWindow, CancellationToken cancellationToken = default);
}
