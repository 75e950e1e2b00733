namespace Sluice.Server.Hosting;

/// <summary>
/// Heartbeat leases of server instances (table <c>servers</c>, migration 5): each running server renews its row every
/// few seconds; an owner whose last heartbeat is older than the timeout is dead, and its work (runs, queue items,
/// inbox claims) is taken over by whichever server notices first. Contract (any database): writes are durable when
/// their task completes; safe to call concurrently from several processes; times are kept to the millisecond.
/// </summary>
internal interface IServerLeases
{
    /// <summary>Renews (or creates) the owner's lease at <paramref name="at"/>.</summary>
    Task BeatAsync(string owner, string? baseUrl, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Ends the lease at once (a clean stop): the owner reads as dead from now on, so its work is resumed without waiting for the timeout.</summary>
    Task ReleaseAsync(string owner, CancellationToken cancellationToken);

    /// <summary>Every known owner and its last heartbeat.</summary>
    Task<IReadOnlyDictionary<string, DateTimeOffset>> GetHeartbeatsAsync(CancellationToken cancellationToken);
}
