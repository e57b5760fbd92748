using Chimera.Core.Hosting;

namespace Chimera.Postgres.Tests.Providers;

public sealed class StateProbeGrain(
    [PersistentState("probe", ChimeraStreams.InfluencerStateStorage)] IPersistentState<StateProbe> state) : Grain, IStateProbeGrain
{
    public async Task SetAsync(string value)
    {
        state.State.Value = value;
        await state.WriteStateAsync();
    }

    public Task<string?> GetAsync() => Task.FromResult(state.State.Value);

    public Task ClearAsync() => state.ClearStateAsync();

    public async Task<string?> ReloadAsync()
    {
        await state.ReadStateAsync();
        return state.State.Value;
    }
}
