namespace Chimera.Contracts.Grains;

/// <summary>History of one influencer in [From, To), newest first, paged by <see cref="BeforeSequence"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record AuditQuery(
    [property: Id(0)] string InfluencerId,
    [property: Id(1)] DateTimeOffset From,
    [property: Id(2)] DateTimeOffset To,
    [property: Id(3)] int Limit = 100,
    [property: Id(4)] long? BeforeSequence = null)
{
    public const int MaxLimit = 1000;
}
