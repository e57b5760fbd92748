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

    // Sized to finish in about 15 minutes on the shared 2-core box on the production profile, where first-seen
    // influencers activate at a few hundred per second and events apply at about a thousand: 100,000 events for
    // 10,000 influencers, memory and cold start at 20,000 influencers. Every size is printed with its figure.
    public static Scale Full { get; } = new(false, 10_000, 10, 4, TimeSpan.FromSeconds(1.5), 100_000, 200_000, 20_000, 2_000, 20_000, 200_000, 1_000, 2_000, 8, 5_000, 20);

    public static Scale QuickRun { get; } = new(true, 1_000, 20, 4, TimeSpan.FromSeconds(0.5), 100_000, 50_000, 5_000, 1_000, 2_000, 50_000, 500, 500, 4, 500, 10);
}
