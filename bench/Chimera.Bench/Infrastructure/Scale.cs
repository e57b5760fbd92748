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
    int AuditAppenders,
    int PacedInfluencers,
    int PacedEventsPerInfluencer,
    int DrainInfluencers,
    int DrainEventsPerInfluencer)
{
    public int IngestEvents => IngestInfluencers * IngestEventsPerInfluencer;

    // Memory (and with it cold start) runs on the production profile, where first-seen influencers activate at a few
    // hundred per second here: 50,000 keeps the full run within minutes (the size is printed with the figure).
    public static Scale Full { get; } = new(false, 10_000, 40, 4, TimeSpan.FromSeconds(1.5), 100_000, 200_000, 20_000, 2_000, 50_000, 200_000, 1_000, 5_000, 8, 10_000, 20);

    public static Scale QuickRun { get; } = new(true, 1_000, 20, 4, TimeSpan.FromSeconds(0.5), 100_000, 50_000, 5_000, 1_000, 2_000, 50_000, 500, 500, 4, 500, 10);
}
