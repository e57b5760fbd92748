namespace Chimera.Grains.Routing;

/// <summary>What one evaluation of the <see cref="SelfPreservationGuard"/> did: nothing, started a hold, or ended one.</summary>
internal sealed record GuardTransition
{
    public static GuardTransition None { get; } = new();

    public bool IsStart { get; private init; }

    public bool IsEnd { get; private init; }

    public int AtRisk { get; private init; }

    public int Live { get; private init; }

    public IReadOnlyList<int> Partitions { get; private init; } = [];

    public string Reason { get; private init; } = "";

    public DateTimeOffset Until { get; private init; }

    public TimeSpan Duration { get; private init; }

    public int Held { get; private init; }

    public static GuardTransition Started(int atRisk, int live, IReadOnlyList<int> partitions, string reason, DateTimeOffset until) =>
        new() { IsStart = true, AtRisk = atRisk, Live = live, Partitions = partitions, Reason = reason, Until = until };

    public static GuardTransition Ended(TimeSpan duration, string reason, int held) =>
        new() { IsEnd = true, Duration = duration, Reason = reason, Held = held };
}
