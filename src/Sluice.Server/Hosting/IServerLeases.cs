namespace Sluice.Server.Hosting;

/// <summary>
/// Heartbeat leases of server instances (table <c>servers</c>, migration 5): each running server renews its row every
/// few seconds; an owner whose last heartbeat is older than the timeout is dead, and its work (runs, queue items,
/// inbox claims) is taken over by whichever server notices first — after it ended that owner's lease
/// (<see cref="EndExpiredAsync"/>), so the owner, if it was only silent, learns at its next renewal that its work is
/// gone and fences itself. An ended lease is never renewed: the owner must come back under a new owner string.
/// Contract (any database): writes are durable when their task completes; safe to call concurrently from several
/// processes; times are kept to the millisecond.
/// </summary>
internal interface IServerLeases
{
    /// <summary>
    /// Creates the owner's lease, or renews it at <paramref name="at"/>; false (nothing written) when the lease was
    /// ended — by <see cref="ReleaseAsync"/> or by another server's <see cref="EndExpiredAsync"/>.
    /// </summary>
    Task<bool> BeatAsync(string owner, string? baseUrl, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Ends the lease at once (a clean stop): the owner reads as dead from now on, so its work is resumed without waiting for the timeout.</summary>
    Task ReleaseAsync(string owner, CancellationToken cancellationToken);

    /// <summary>
    /// Ends the owner's lease if its last heartbeat is older than <paramref name="olderThan"/> (it ran out), in one
    /// conditional write; true when it did, false when the owner renewed meanwhile (it is alive: leave its work alone).
    /// </summary>
    Task<bool> EndExpiredAsync(string owner, DateTimeOffset olderThan, CancellationToken cancellationToken);

    /// <summary>Every known owner and its last heartbeat (<see cref="DateTimeOffset.UnixEpoch"/> once ended).</summary>
    Task<IReadOnlyDictionary<string, DateTimeOffset>> GetHeartbeatsAsync(CancellationToken cancellationToken);
}
