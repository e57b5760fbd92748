using Chimera.Core.Hosting;

namespace Chimera.Silo.Hosting;

/// <summary>
/// The embedded defaults: in-memory grain storage, reminders and streams. Used by the silo when no
/// servers are configured, and by grain-logic tests. Never the proof that persistence or delivery works.
/// </summary>
public static class EmbeddedProfile
{
    /// <summary>In-memory streams (the same stream provider name the Redis provider registers).</summary>
    public static ISiloBuilder AddEmbeddedStreams(this ISiloBuilder silo)
    {
        silo.AddMemoryStreams(ChimeraStreams.ProviderName);
        silo.AddMemoryGrainStorage(ChimeraStreams.PubSubStorage);
        return silo;
    }

    /// <summary>In-memory grain storage and reminders.</summary>
    public static ISiloBuilder AddEmbeddedStorage(this ISiloBuilder silo)
    {
        silo.AddMemoryGrainStorage(ChimeraStreams.InfluencerStateStorage);
        silo.UseInMemoryReminderService();
        return silo;
    }
}
