using Chimera.Contracts.Grains;

namespace Chimera.Redis.Outbound;

/// <summary>The newest unsent latest-status view of one influencer and the callers waiting for it (or a view that covers it) to be written.</summary>
internal sealed class PendingLatest(InfluencerView view)
{
    private List<TaskCompletionSource>? _waiters;

    public InfluencerView View { get; set; } = view;

    public void Add(TaskCompletionSource? waiter)
    {
        if (waiter is not null)
        {
            (_waiters ??= []).Add(waiter);
        }
    }

    public void Complete(Exception? error)
    {
        if (_waiters is null)
        {
            return;
        }

        foreach (var waiter in _waiters)
        {
            if (error is null)
            {
                waiter.TrySetResult();
            }
            else
            {
                waiter.TrySetException(error);
            }
        }
    }
}
