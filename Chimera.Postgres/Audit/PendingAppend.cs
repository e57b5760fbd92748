using Chimera.Contracts.Grains;

namespace Chimera.Postgres.Audit;

/// <summary>One caller's row, completed only after the batch that carries it committed.</summary>
internal sealed class PendingAppend(AuditRecord record)
{
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public AuditRecord Record { get; } = record;

    public Task Completion => _completion.Task;

    public void Succeed() => _completion.TrySetResult();

    public void Fail(Exception error) => _completion.TrySetException(error);
}
