namespace Sluice.Engine.Dispatch;

/// <summary>
/// A ticket leased to one worker. <see cref="Token"/> is the fencing token: it grows with every claim of the ticket, and
/// every write the worker makes (renew, logs, complete) carries it; a write with an older token, or after the lease
/// expired, is refused.
/// </summary>
/// <param name="Attempt">1 for the first claim, 2 after one lost lease, …; logs and steps are kept per attempt.</param>
internal sealed record ClaimedJob(long Id, long Token, int Attempt, JobTicket Ticket, DateTimeOffset LeaseExpiresAt);
