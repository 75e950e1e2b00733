namespace Sluice.Engine.Dispatch;

/// <summary>
/// The durable job queue: the database is the queue. Implemented on SQLite (a conditional update in one transaction) and
/// PostgreSQL (<c>FOR UPDATE SKIP LOCKED</c>); both pass the same contract tests. Contract:
/// <list type="bullet">
/// <item>Every write is durable when its task completes; methods are safe to call concurrently from several processes.</item>
/// <item><see cref="EnqueueAsync"/> is idempotent on (<see cref="JobTicket.RunKey"/>, <see cref="JobTicket.JobKey"/>).</item>
/// <item><see cref="ClaimAsync"/> leases the oldest Queued ticket whose labels the worker has (each ticket to exactly one
/// worker), bumping its fencing token and attempt; null when none fits.</item>
/// <item><see cref="RenewAsync"/> and <see cref="CompleteAsync"/> succeed only with the current token while the lease is
/// unexpired; otherwise they change nothing (Lost / false). One exception: a ticket the sweeper timed out while its lease
/// was live answers the holder's renewal CancelRequested (stop), not Lost.</item>
/// <item>Claim, complete, cancel of a queued ticket and every sweep verdict also write the history's job row (state,
/// reason, attempts, times) in the same transaction, so the history never disagrees with the queue.</item>
/// <item><see cref="SweepAsync"/> applies the lease rules at <c>at</c> (see <see cref="SweepOutcome"/>); running it from
/// several servers at once handles each ticket once.</item>
/// <item><see cref="WaitAsync"/> returns when the queue may have changed (an in-process signal, and NOTIFY on PostgreSQL),
/// or after <c>timeout</c>; a missed wake-up only delays, a spurious one costs a re-read: callers re-read after every return.</item>
/// <item>Disposing releases what the queue opened itself (PostgreSQL's LISTEN connection and pool); a SQLite queue built on
/// the run store's database leaves that database open.</item>
/// </list>
/// </summary>
internal interface IJobQueue : IAsyncDisposable
{
    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>Returns the ticket's id (the existing one when the pair was enqueued before).</summary>
    Task<long> EnqueueAsync(JobTicket ticket, DateTimeOffset at, CancellationToken cancellationToken);

    Task<ClaimedJob?> ClaimAsync(string worker, IReadOnlyCollection<string> workerLabels, TimeSpan lease, DateTimeOffset at, CancellationToken cancellationToken);

    Task<LeaseStatus> RenewAsync(long id, long token, TimeSpan lease, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Ends a leased ticket with the worker's report; false when fenced out (the report is dropped).</summary>
    Task<bool> CompleteAsync(long id, long token, DispatchState state, string resultJson, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Queued → Cancelled at once (true); Leased → cancel flagged for the worker's next renewal (true); terminal → false.</summary>
    Task<bool> CancelAsync(long id, string reason, DateTimeOffset at, CancellationToken cancellationToken);

    Task<DispatchedJob?> GetAsync(long id, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="GetAsync"/> without the payload (<see cref="JobTicket.Payload"/> is empty): for the reads that only look at
    /// the state, token and result, which are most of them; the payload (the pipeline and event) is the bulk of a row.
    /// </summary>
    Task<DispatchedJob?> GetStatusAsync(long id, CancellationToken cancellationToken);

    Task<IReadOnlyList<SweepAction>> SweepAsync(DateTimeOffset at, CancellationToken cancellationToken);

    Task<IReadOnlyList<QueueDepth>> DepthAsync(CancellationToken cancellationToken);

    Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken);
}
