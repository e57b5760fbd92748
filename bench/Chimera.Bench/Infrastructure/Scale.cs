namespace Chimera.Bench.Infrastructure;

/// <summary>How big each benchmark is. <c>--quick</c> keeps the whole run under about two minutes.</summary>
internal sealed record Scale(
    bool Quick,
    int IngestInfluencers,
    int IngestEventsPerInfluencer,
    int ProducerClients,
    TimeSpan GateDuration,
    int RoutingCandidates,
    int RoutingQueries,
    int ClusterRouteQueries,
    int StaleInfluencers,
    int MemoryInfluencers,
    int AuditRows,
    int AuditAppenders)
{
    public int IngestEvents => IngestInfluencers * IngestEventsPerInfluencer;

    public static Scale Full { get; } = new(false, 10_000, 40, 4, TimeSpan.FromSeconds(1.5), 100_000, 200_000, 20_000, 2_000, 100_000, 200_000, 1_000);

    public static Scale QuickRun { get; } = new(true, 2_000, 25, 4, TimeSpan.FromSeconds(0.5), 100_000, 50_000, 5_000, 1_000, 20_000, 50_000, 500);
}
