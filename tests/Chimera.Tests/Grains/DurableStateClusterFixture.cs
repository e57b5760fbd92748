using Chimera.Core.Delivery;
using Chimera.Core.Hosting;
using Chimera.Core.Outbound;
using Chimera.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace Chimera.Tests.Grains;

/// <summary>
/// The two-silo embedded cluster of <see cref="ChimeraClusterFixture"/>, with influencer state in a
/// <see cref="SharedGrainStorage"/> (it survives a killed silo and can be made to fail), an outbound that can be made to
/// fail (<see cref="FlakyStatusOutbound"/>), and an acknowledger that records what is released and when
/// (<see cref="RecordingAcknowledger"/>), so tests can see that acknowledgement follows durability.
/// </summary>
public class DurableStateClusterFixture : ChimeraClusterFixture
{
    public SharedGrainStorage Storage { get; } = new();

    public RecordingAcknowledger Acks { get; } = new();

    private FlakyStatusOutbound? _flaky;

    public FlakyStatusOutbound Flaky => _flaky ?? throw new InvalidOperationException("not started");

    protected override void ConfigureSilo(ISiloBuilder silo)
    {
        // The silos are configured concurrently: one sink for all of them, whichever runs first.
        silo.Services.AddSingleton<IStatusOutbound>(LazyInitializer.EnsureInitialized(ref _flaky, () => new FlakyStatusOutbound(Outbound)));
        silo.Services.AddSingleton<IDeliveryAcknowledger>(Acks);
        silo.Services.Configure<DurabilityOptions>(o =>
        {
            o.RetryMinBackoff = TimeSpan.FromMilliseconds(20);
            o.RetryMaxBackoff = TimeSpan.FromMilliseconds(200);
            o.RecoveryCatchUp = TimeSpan.FromSeconds(2);
        });
    }

    protected override void ConfigureStorage(ISiloBuilder silo)
    {
        silo.Services.AddKeyedSingleton<IGrainStorage>(ChimeraStreams.InfluencerStateStorage, (sp, _) => Storage.For(sp.GetRequiredService<Serializer>(), sp.GetRequiredService<ILocalSiloDetails>().Name));
        silo.UseInMemoryReminderService();
    }
}
