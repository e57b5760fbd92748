namespace Chimera.Contracts.Model;

/// <summary>The status values of <c>payload.status</c> (spec §1), plus nothing else.</summary>
[GenerateSerializer]
public enum InfluencerStatus : byte
{
    /// <summary>Connected and ready for work.</summary>
    Online = 0,

    /// <summary>Connected, ready, not doing anything (routable, ranked after online).</summary>
    Idle = 1,

    /// <summary>Working on a task; not routable.</summary>
    Busy = 2,

    /// <summary>Deliberately unavailable; never routable.</summary>
    Maintenance = 3,

    /// <summary>Gone: said so by its adapter, or aged out (see <c>InfluencerView.IsStale</c>).</summary>
    Offline = 4,
}
