namespace Chimera.Contracts.Grains;

/// <summary>
/// The one spelling of <see cref="AuditKind"/> everywhere outside C#: CLI text and JSON, the change stream, the
/// registry page, and the <c>chimera_audit_kind</c> lookup table (sql/0009).
/// </summary>
public static class AuditKindNames
{
    public static string ToWire(this AuditKind kind) => kind switch
    {
        AuditKind.StatusChange => "status_change",
        AuditKind.StaleDetected => "stale_detected",
        AuditKind.ProbeScheduled => "probe_scheduled",
        AuditKind.ProbeResult => "probe_result",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not an audit kind"),
    };

    public static bool TryParse(ReadOnlySpan<char> text, out AuditKind kind)
    {
        foreach (var candidate in Enum.GetValues<AuditKind>())
        {
            if (text.SequenceEqual(candidate.ToWire()))
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }
}
