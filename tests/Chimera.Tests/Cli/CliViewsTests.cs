using Chimera.Cli.Commands;
using Chimera.Contracts.Wire;
using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Testing;

namespace Chimera.Tests.Cli;

/// <summary>The CLI's views agree with each other: one spelling per thing, in text and in JSON.</summary>
[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class CliViewsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void List_marks_a_stale_row_as_status_does_and_names_what_it_last_reported()
    {
        using var output = new StringWriter();
        TextTables.WriteSummaries(output, [new InfluencerSummary("gone", InfluencerStatus.Offline, true, 0.4, 0.9, 0.5, [], T0) { ReportedStatus = InfluencerStatus.Busy }]);

        output.ToString().ShouldContain("offline* (was busy)");
    }

    [Fact]
    public void History_names_kinds_the_same_in_text_and_in_json()
    {
        var rows = Enum.GetValues<AuditKind>().Select((kind, i) => new AuditRecord
        {
            EventId = "e" + i, Kind = kind, InfluencerId = "alpha", NewStatus = InfluencerStatus.Online, EventTime = T0, RecordedAt = T0, Revision = i + 1,
        }).ToList();
        using var text = new StringWriter();
        TextTables.WriteAudit(text, rows);
        var json = ChimeraJson.Serialize(rows);

        foreach (var name in new[] { "status_change", "stale_detected", "probe_scheduled", "probe_result" })
        {
            text.ToString().ShouldContain(name);
            json.ShouldContain($"\"kind\":\"{name}\"");
        }

        text.ToString().ShouldNotContain("StatusChange");
    }

    [Fact]
    public void Audit_kind_names_round_trip()
    {
        foreach (var kind in Enum.GetValues<AuditKind>())
        {
            AuditKindNames.TryParse(kind.ToWire(), out var parsed).ShouldBeTrue();
            parsed.ShouldBe(kind);
        }

        AuditKindNames.TryParse("StatusChange", out _).ShouldBeFalse();
    }

    [Fact]
    public void Live_counts_in_json_list_every_status_zeros_included()
    {
        var counts = new Chimera.Grains.Routing.RoutingIndex().Counts(T0);

        var json = ChimeraJson.Serialize(counts);

        foreach (var status in Enum.GetValues<InfluencerStatus>())
        {
            json.ShouldContain($"\"{status.ToWire()}\":0");
        }
    }
}
