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
/// <item><see cref="ClaimAsync"/> hands pending deliveries to one server at a time, so with several servers on one
/// database each delivery is handled by one of them and deliveries are still handled in arrival order (a newer push
/// supersedes an older one). A delivery whose claiming server died is released by <see cref="ReleaseAbandonedAsync"/>.</item>
/// <item>Safe to call concurrently, also from several processes on one database.</item>
/// </list>
/// </summary>
internal interface IInbox
{
    Task<bool> AddAsync(NewDelivery delivery, CancellationToken cancellationToken);

    /// <summary>
    /// Pending deliveries, oldest first, now claimed by <paramref name="owner"/> (with those it already held); empty
    /// while another owner holds a pending delivery.
    /// </summary>
    Task<IReadOnlyList<InboxEntry>> ClaimAsync(string owner, int limit, CancellationToken cancellationToken);

    /// <summary>Releases the pending deliveries held by dead owners, so another server claims them; returns how many.</summary>
    Task<int> ReleaseAbandonedAsync(Func<string, bool> isOwnerAlive, CancellationToken cancellationToken);

    Task<EnqueueResult> CompleteAsync(long id, string outcome, IReadOnlyList<QueueRequest> runs, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Counts a failed processing attempt and releases the claim; with <paramref name="final"/> the delivery is given
    /// up (state Failed).
    /// </summary>
    Task FailAsync(long id, string error, bool final, DateTimeOffset at, CancellationToken cancellationToken);

    Task<InboxEntry?> FindAsync(string deliveryId, CancellationToken cancellationToken);

    Task<int> CountAsync(InboxState state, CancellationToken cancellationToken);
}
