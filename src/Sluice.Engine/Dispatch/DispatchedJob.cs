namespace Sluice.Engine.Dispatch;

/// <summary>A ticket as stored: what the orchestrator waits on and what the dashboard and metrics read.</summary>
/// <param name="ResultJson">The worker's report (job result, outputs, artifacts) once terminal through a worker; null otherwise.</param>
/// <param name="QueuedAt">When the job first became ready: claims take the oldest first, and a re-queue keeps it.</param>
/// <param name="Reason">Why the queue itself ended it (agent lost, timed out, never picked up, cancelled); null otherwise.</param>
/// <param name="RequeuedAt">When the sweeper last put it back after a lost lease (null: never); its pickup limit counts from here.</param>
internal sealed record DispatchedJob(
    long Id,
    JobTicket Ticket,
    DispatchState State,
    int Attempt,
    long Token,
    string? Worker,
    DateTimeOffset QueuedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? LeaseExpiresAt,
    DateTimeOffset? FinishedAt,
    bool CancelRequested,
    string? ResultJson,
    string? Reason,
    DateTimeOffset? RequeuedAt = null)
{
    /// <summary>When the ticket last entered the queue: the start of its pickup limit.</summary>
    public DateTimeOffset WaitingSince => RequeuedAt ?? QueuedAt;
}
