namespace Sluice.Engine.Deployments;

/// <summary>
/// Lifecycle of a deployment. Before it starts: WaitingApproval → Waiting (the <c>wait</c> timer) → Queued (for the
/// environment) → InProgress. Terminal: Succeeded, Failed, RolledBack, Rejected (by a person or the approval
/// timeout), Refused (a rule or lock said no), Cancelled (the run was cancelled before it started), Interrupted
/// (the process that ran it died).
/// </summary>
internal enum DeploymentState
{
    WaitingApproval,
    Waiting,
    Queued,
    InProgress,
    Succeeded,
    Failed,
    RolledBack,
    Rejected,
    Refused,
    Cancelled,
    Interrupted,
}
