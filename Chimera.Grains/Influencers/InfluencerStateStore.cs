using Orleans.Serialization;
using Orleans.Storage;

namespace Chimera.Grains.Influencers;

/// <summary>
/// Reads and writes one influencer's <see cref="InfluencerState"/> through the named <see cref="IGrainStorage"/> itself,
/// instead of <c>[PersistentState]</c>, which reads during activation and fails the activation when the database is
/// down (spec §3.5: activation never needs PostgreSQL). Writes store a deep copy, so the grain keeps applying events
/// while a write is in flight; one write at a time, and the ETag of the last successful read or write is kept.
/// The state name (<see cref="StateName"/>) is the one <c>[PersistentState]</c> used, so stored state is read back unchanged.
/// </summary>
internal sealed class InfluencerStateStore
{
    /// <summary>The state name the grain's storage rows are keyed by.</summary>
    public const string StateName = "influencer";

    private readonly IGrainStorage _storage;
    private readonly DeepCopier<InfluencerState> _copier;
    private readonly GrainId _grainId;
    private string? _etag;
    private bool _recordExists;

    public InfluencerStateStore(IGrainStorage storage, DeepCopier<InfluencerState> copier, GrainId grainId)
    {
        _storage = storage;
        _copier = copier;
        _grainId = grainId;
    }

    /// <summary>Reads the stored state (a fresh one when nothing is stored). Throws what the storage throws.</summary>
    public async Task<InfluencerState> ReadAsync()
    {
        var holder = new GrainState<InfluencerState>(new InfluencerState());
        await _storage.ReadStateAsync(StateName, _grainId, holder);
        _etag = holder.ETag;
        _recordExists = holder.RecordExists;
        return holder.State ?? new InfluencerState();
    }

    /// <summary>Copies <paramref name="state"/> now and writes the copy. Throws what the storage throws (the ETag is kept then).</summary>
    public Task WriteAsync(InfluencerState state)
    {
        var holder = new GrainState<InfluencerState>(_copier.Copy(state), _etag) { RecordExists = _recordExists };
        return WriteCopyAsync(holder);
    }

    private async Task WriteCopyAsync(GrainState<InfluencerState> holder)
    {
        await _storage.WriteStateAsync(StateName, _grainId, holder);
        _etag = holder.ETag;
        _recordExists = true;
    }
}
