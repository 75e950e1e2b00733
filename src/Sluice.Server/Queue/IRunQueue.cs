namespace Sluice.Server.Queue;

/// <summary>
/// The durable run queue. Contract (any database):
/// <list type="bullet">
/// <item>Writes are durable when their task completes; methods are safe to call concurrently.</item>
/// <item><see cref="ClaimNextAsync"/> takes the oldest Queued item whose concurrency group has no Running item and no
/// older Queued item, marks it Running for <c>owner</c>, and returns it; null when none is eligible.</item>
/// <item>Enqueuing an item with cancel-in-progress cancels the group's older Queued/AwaitingApproval items and flags
/// its Running items (returned in <see cref="EnqueueResult.CancelRunning"/>) in the same transaction.</item>
/// <item><see cref="RequeueAbandonedAsync"/> puts Running items whose owner is dead back to Queued, remembering
/// their run as <see cref="QueueItem.PreviousRunId"/>, and clearing their owner.</item>
/// <item>Fenced: <see cref="SetRunIdAsync"/> and <see cref="FinishAsync"/> (the executing server's transitions) apply
/// only while the item is still Running for <c>owner</c>, checked in the statement that writes; false and nothing
/// written once another server took it back (a stalled server must not finish an item that is resumed elsewhere).</item>
/// </list>
/// </summary>
internal interface IRunQueue
{
    Task<EnqueueResult> EnqueueAsync(IReadOnlyList<QueueRequest> requests, DateTimeOffset at, CancellationToken cancellationToken);

    Task<QueueItem?> ClaimNextAsync(string owner, DateTimeOffset at, CancellationToken cancellationToken);

    Task<bool> SetRunIdAsync(long id, string owner, long runId, CancellationToken cancellationToken);

    Task<bool> FinishAsync(long id, string owner, QueueState state, string? reason, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Cancels a Queued/AwaitingApproval item at once; flags a Running one and returns true so the caller stops it.</summary>
    Task<bool> CancelAsync(long id, string reason, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>AwaitingApproval → Queued; false when the item was not waiting.</summary>
    Task<bool> ApproveAsync(long id, string approvedBy, CancellationToken cancellationToken);

    Task<QueueItem?> GetAsync(long id, CancellationToken cancellationToken);

    Task<QueueItem?> FindByRunAsync(long runId, CancellationToken cancellationToken);

    Task<IReadOnlyList<QueueItem>> ListAsync(QueueQuery query, CancellationToken cancellationToken);

    Task<int> CountAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<QueueItem>> RequeueAbandonedAsync(Func<string, bool> isOwnerAlive, CancellationToken cancellationToken);
}
