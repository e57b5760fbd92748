namespace Chimera.Client;

/// <summary>Named starting points for <see cref="IChimeraClient.WatchAsync"/>.</summary>
public static class WatchFrom
{
    /// <summary>Everything ever recorded.</summary>
    public const long Beginning = 0;

    /// <summary>Only changes after the current head revision.</summary>
    public const long Now = -1;
}
