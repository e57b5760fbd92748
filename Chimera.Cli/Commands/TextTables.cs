using System.Globalization;
using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;

namespace Chimera.Cli.Commands;

/// <summary>Human-readable renderings (the default output; scripts use <c>--json</c>).</summary>
internal static class TextTables
{
    public static string Caps(IEnumerable<Capability> capabilities) => string.Join(",", capabilities);

    public static string Num(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static void WriteView(TextWriter output, InfluencerView view)
    {
        output.WriteLine($"influencer:   {view.InfluencerId}");
        output.WriteLine($"status:       {view.Status.ToWire()}{(view.IsStale ? $" (stale; last reported {view.ReportedStatus.ToWire()})" : "")}");
        output.WriteLine($"capabilities: {Caps(view.Capabilities)}");
        output.WriteLine($"current task: {view.CurrentTask ?? "-"}");
        output.WriteLine($"load:         {Num(view.Load)}");
        output.WriteLine($"confidence:   {Num(view.Confidence)}");
        output.WriteLine($"relevance:    {Num(view.RelevanceScore)}");
        output.WriteLine($"trust score:  {Num(view.TrustScore)} ({view.ProbesPassed}/{view.ProbesTotal} probes passed)");
        output.WriteLine($"last seen:    {Time(view.LastSeen)} (expires {Time(view.ExpiresAt)}, heartbeat {view.HeartbeatInterval.TotalSeconds}s)");
        output.WriteLine($"last event:   {view.LastEventId}");
        if (view.PendingProbe is { } probe)
        {
            output.WriteLine($"pending probe: {probe.ProbeId} ({probe.Reason})");
        }
    }

    public static void WriteSummaries(TextWriter output, IReadOnlyList<InfluencerSummary> rows)
    {
        output.WriteLine($"{"INFLUENCER",-24} {"STATUS",-22} {"LOAD",5} {"CONF",5} {"REL",5}  CAPABILITIES");
        foreach (var row in rows)
        {
            // As `status` says it: "offline*" plus what it last reported, e.g. offline* (was busy).
            var status = row.IsStale ? $"{row.Status.ToWire()}*{(row.ReportedStatus is { } reported && reported != row.Status ? $" (was {reported.ToWire()})" : "")}" : row.Status.ToWire();
            output.WriteLine($"{row.InfluencerId,-24} {status,-22} {Num(row.Load),5} {Num(row.Confidence),5} {Num(row.RelevanceScore),5}  {Caps(row.Capabilities)}");
        }
    }

    public static void WriteAudit(TextWriter output, IEnumerable<AuditRecord> rows)
    {
        // Kinds are spelled as in --json and in the chimera_audit_kind table (status_change, stale_detected, ...).
        output.WriteLine($"{"REVISION",8} {"EVENT TIME",-25} {"KIND",-16} {"STATUS",-24} {"LOAD",5}  DETAIL");
        foreach (var row in rows)
        {
            output.WriteLine($"{row.Revision,8} {Time(row.EventTime),-25} {row.Kind.ToWire(),-16} {Transition(row),-24} {Num(row.Load),5}  {row.Detail ?? row.CurrentTask ?? ""}");
        }
    }

    public static string Transition(AuditRecord row) =>
        row.PreviousStatus is { } previous ? $"{previous.ToWire()}->{row.NewStatus.ToWire()}" : row.NewStatus.ToWire();

    /// <summary>One change of the stream per line: revision first, so a reader can resume with --from.</summary>
    public static void WriteChange(TextWriter output, AuditRecord row) =>
        output.WriteLine($"{row.Revision,8} {Time(row.RecordedAt),-25} {row.Kind.ToWire(),-16} {row.InfluencerId,-24} {Transition(row),-24} {row.Detail ?? ""}");

    public static void WriteCounts(TextWriter output, RegistryCounts counts)
    {
        output.WriteLine($"total: {counts.Total} (at {Time(counts.At)})");
        foreach (var status in Enum.GetValues<InfluencerStatus>())
        {
            output.WriteLine($"  {status.ToWire(),-12} {counts.ByStatus.GetValueOrDefault(status.ToWire())}");
        }

        if (counts.ByCapability.Count > 0)
        {
            output.WriteLine("by capability:");
            foreach (var (name, count) in counts.ByCapability.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                output.WriteLine($"  {name,-24} {count}");
            }
        }
    }
}
