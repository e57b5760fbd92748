namespace Chimera.Core.Hosting;

/// <summary>
/// The clock of Chimera's domain time (event windows, TTLs, staleness, probes): a keyed
/// <see cref="TimeProvider"/>, <see cref="TimeProvider.System"/> unless replaced. It is deliberately not
/// the Orleans runtime's grain clock: tests fake this one to age statuses, while stream pulling agents
/// and other runtime loops keep real time.
/// </summary>
public static class ChimeraClock
{
    public const string Key = "chimera.clock";
}
