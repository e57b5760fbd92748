namespace Chimera.Core.Audit;

/// <summary>
/// The embedded profile's in-memory audit log (<see cref="InMemoryAuditLog"/>). Bound from <c>Chimera:Embedded</c>;
/// validated at start-up by <see cref="EmbeddedAuditOptionsValidator"/>. Without PostgreSQL nothing else holds the
/// change history, so this bounds the silo's memory.
/// </summary>
public sealed class EmbeddedAuditOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Chimera:Embedded";

    /// <summary>Largest <see cref="AuditCapacity"/> accepted (a few hundred bytes a row: about a gigabyte).</summary>
    public const int MaxAuditCapacity = 5_000_000;

    /// <summary>
    /// The newest audit rows kept; older ones are dropped, and a watcher that asks for a dropped revision is told so
    /// (HTTP 410, an SSE <c>gap</c> event, exit 1 from <c>chimera watch</c>) rather than moved past it. Default 200,000.
    /// </summary>
    public int AuditCapacity { get; set; } = InMemoryAuditLog.DefaultCapacity;
}
