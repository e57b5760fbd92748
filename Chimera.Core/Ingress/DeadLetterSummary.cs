namespace Chimera.Core.Ingress;

/// <summary>
/// Dead letters as the store holds them: <see cref="Retained"/> in all, <see cref="ByReason"/> over the newest
/// <see cref="Window"/> of them (a bounded read, whatever the store's size), and the newest few for display.
/// </summary>
public sealed record DeadLetterSummary(long Retained, int Window, IReadOnlyDictionary<string, long> ByReason, IReadOnlyList<DeadLetterLine> Newest)
{
    public const int DefaultWindow = 1000;

    public const int NewestShown = 20;
}
