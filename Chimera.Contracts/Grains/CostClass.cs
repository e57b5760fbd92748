namespace Chimera.Contracts.Grains;

/// <summary>How expensive the task to route is (spec §5): high-cost work is never given to an unverified influencer.</summary>
[GenerateSerializer]
public enum CostClass : byte
{
    Low = 0,
    High = 1,
}
