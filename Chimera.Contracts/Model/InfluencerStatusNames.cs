namespace Chimera.Contracts.Model;

/// <summary>Wire spelling of <see cref="InfluencerStatus"/> (lower case, exactly the spec's words).</summary>
public static class InfluencerStatusNames
{
    public static string ToWire(this InfluencerStatus status) => status switch
    {
        InfluencerStatus.Online => "online",
        InfluencerStatus.Idle => "idle",
        InfluencerStatus.Busy => "busy",
        InfluencerStatus.Maintenance => "maintenance",
        InfluencerStatus.Offline => "offline",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "not a status"),
    };

    /// <summary>Parses the wire spelling; case-sensitive, as the spec lists the values.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out InfluencerStatus status)
    {
        switch (text)
        {
            case "online": status = InfluencerStatus.Online; return true;
            case "idle": status = InfluencerStatus.Idle; return true;
            case "busy": status = InfluencerStatus.Busy; return true;
            case "maintenance": status = InfluencerStatus.Maintenance; return true;
            case "offline": status = InfluencerStatus.Offline; return true;
            default: status = default; return false;
        }
    }
}
