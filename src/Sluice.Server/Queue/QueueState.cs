namespace Sluice.Server.Queue;

/// <summary>Lifecycle of a queue item. Terminal: Succeeded, Failed, Cancelled, Error (could not start).</summary>
internal enum QueueState
{
    AwaitingApproval,
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
    Error,
}
