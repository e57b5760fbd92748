using Chimera.Contracts.Provenance;
using Microsoft.Extensions.DependencyInjection;

namespace Chimera.Grains.Hosting;

/// <summary>
/// Refuses to start a silo whose keyring holds the public development key while a real server is configured
/// (spec §7.4), whoever built the keyring: <see cref="ProvenanceOptionsValidator"/> refuses it first, this
/// covers a host that registered an <see cref="AdapterKeyring"/> of its own.
/// </summary>
internal sealed class KeyringCheck(IServiceProvider services) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(KeyringCheck), ServiceLifecycleStage.First, _ =>
        {
            var keyring = services.GetRequiredService<AdapterKeyring>();
            var servers = ChimeraCoreSiloBuilderExtensions.ConfiguredServers(services);
            if (keyring.ContainsDevelopmentKey && servers.Count > 0)
            {
                throw new InvalidOperationException(
                    $"The adapter keyring holds the public development key, but this silo runs with {string.Join(" and ", servers)}; configure {ProvenanceOptions.SectionName}:Adapters with secrets of your own.");
            }

            return Task.CompletedTask;
        });
}
