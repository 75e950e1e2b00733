namespace Sluice.Engine.Dispatch;

/// <summary>A ticket as stored: what the orchestrator waits on and what the dashboard and metrics read.</summary>
/// <param name="ResultJson">The worker's report (job result, outputs, artifacts) once terminal through a worker; null otherwise.</param>
/// <param name="Reason">Why the queue itself ended it (agent lost, timed out, never picked up, cancelled); null otherwise.</param>
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
    string? Reason);
