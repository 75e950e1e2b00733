using Sluice.Server.Queue;

namespace Sluice.Server.Inbox;

/// <summary>
/// The durable inbox of webhook deliveries: written before the webhook is answered, drained asynchronously.
/// Contract (any database):
/// <list type="bullet">
/// <item><see cref="AddAsync"/> returns when the delivery is durable (a SIGKILL right after loses nothing); a
/// delivery id already stored is not stored again and returns false (redeliveries never run twice).</item>
/// <item><see cref="CompleteAsync"/> marks the delivery processed and enqueues the runs it produced in one
/// transaction: after a crash a delivery is either pending (processed again) or done with all its runs queued.</item>
/// <item>Safe to call concurrently.</item>
/// </list>
/// </summary>
internal interface IInbox
{
    Task<bool> AddAsync(NewDelivery delivery, CancellationToken cancellationToken);

    /// <summary>Pending deliveries, oldest first.</summary>
    Task<IReadOnlyList<InboxEntry>> GetPendingAsync(int limit, CancellationToken cancellationToken);

    Task<EnqueueResult> CompleteAsync(long id, string outcome, IReadOnlyList<QueueRequest> runs, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Counts a failed processing attempt; with <paramref name="final"/> the delivery is given up (state Failed).</summary>
    Task FailAsync(long id, string error, bool final, DateTimeOffset at, CancellationToken cancellationToken);

    Task<InboxEntry?> FindAsync(string deliveryId, CancellationToken cancellationToken);

    Task<int> CountAsync(InboxState state, CancellationToken cancellationToken);
}
