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
        output.WriteLine($"{"INFLUENCER",-24} {"STATUS",-12} {"LOAD",5} {"CONF",5} {"REL",5}  CAPABILITIES");
        foreach (var row in rows)
        {
            var status = row.IsStale ? row.Status.ToWire() + "*" : row.Status.ToWire();
            output.WriteLine($"{row.InfluencerId,-24} {status,-12} {Num(row.Load),5} {Num(row.Confidence),5} {Num(row.RelevanceScore),5}  {Caps(row.Capabilities)}");
        }
    }

    public static void WriteAudit(TextWriter output, IEnumerable<AuditRecord> rows)
    {
        output.WriteLine($"{"SEQ",8} {"EVENT TIME",-25} {"KIND",-16} {"STATUS",-24} {"LOAD",5}  DETAIL");
        foreach (var row in rows)
        {
            var status = row.PreviousStatus is { } previous ? $"{previous.ToWire()}->{row.NewStatus.ToWire()}" : row.NewStatus.ToWire();
            output.WriteLine($"{row.Sequence,8} {Time(row.EventTime),-25} {row.Kind,-16} {status,-24} {Num(row.Load),5}  {row.Detail ?? row.CurrentTask ?? ""}");
        }
    }

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
