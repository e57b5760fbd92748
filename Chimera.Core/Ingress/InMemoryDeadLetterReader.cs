namespace Chimera.Core.Ingress;

/// <summary>The embedded profile's reader over <see cref="InMemoryDeadLetterSink"/> (which keeps the newest letters).</summary>
internal sealed class InMemoryDeadLetterReader(InMemoryDeadLetterSink sink) : IDeadLetterReader
{
    public Task<DeadLetterSummary> SummarizeAsync(int window = DeadLetterSummary.DefaultWindow, CancellationToken cancellationToken = default)
    {
        var recent = sink.Recent();
        var examined = recent.Skip(Math.Max(0, recent.Count - window)).ToList();
        var byReason = examined.GroupBy(l => l.ReasonCode, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
        var newest = examined.AsEnumerable().Reverse().Take(DeadLetterSummary.NewestShown)
            .Select(l => new DeadLetterLine(l.RejectedAt, l.ReasonCode, l.Origin, l.Violations.Count > 0 ? l.Violations[0].Message : ""))
            .ToList();
        return Task.FromResult(new DeadLetterSummary(recent.Count, examined.Count, byReason, newest));
    }
}
