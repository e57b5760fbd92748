namespace Chimera.Core.Hosting;

/// <summary>
/// How an influencer grain rides out a storage outage (spec §3.5, §9). Bound from <c>Chimera:Durability</c>; validated
/// at start-up by <see cref="DurabilityOptionsValidator"/>.
/// </summary>
public sealed class DurabilityOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Chimera:Durability";

    /// <summary>
    /// How long a change may wait for its audit row and state to become durable (e.g. while PostgreSQL is down) before
    /// its entry is dead-lettered as <c>delivery_failed</c> and released. The view moved at once and stays moved.
    /// Default 15 minutes.
    /// </summary>
    public TimeSpan OutageWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How long activation waits for the grain state before it goes on without it (and keeps loading it in the
    /// background): activation never needs the database to be up. Default 2 s.
    /// </summary>
    public TimeSpan StateLoadTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a change's delivery waits for its audit row before it completes anyway (the views moved already; the
    /// acknowledgement keeps waiting). While PostgreSQL is up the row is durable well within it, so a stream delivers
    /// one change after the other exactly as before; while it is down, an influencer's later events wait at most this
    /// long per change. Default 500 ms.
    /// </summary>
    public TimeSpan DeliveryWait { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How long a grain reactivated after a crash (its stored state was written on a change, not on a graceful
    /// deactivation) keeps what it applies provisional: the transport re-delivers what the crashed activation still owed
    /// (at once when a silo is declared dead), possibly after newer events, and at the end of this window everything
    /// received is replayed in timestamp order against the stored state, so no owed change is skipped as out of order.
    /// Views move at once meanwhile; audit rows and acknowledgements wait. Default 1 minute.
    /// </summary>
    public TimeSpan RecoveryCatchUp { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>First pause before an effect (state write, latest key, announce) is retried; doubles per attempt. Default 100 ms.</summary>
    public TimeSpan RetryMinBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest pause between retries of a pending effect. Default 5 s.</summary>
    public TimeSpan RetryMaxBackoff { get; set; } = TimeSpan.FromSeconds(5);
}
