namespace Sluice.Engine.Deployments;

/// <summary>
/// What people do to deployments, for the CLI (<c>sluice approve</c>, <c>sluice deploy ...</c>) and the server
/// (<c>/approve</c>, <c>/reject</c> comments, the API). Every decision goes through the pending approval's rule
/// (reviewers, N of M, self-approval, timeout) and is recorded; the process running the deployment sees it at its next poll.
/// Contract: expected refusals are values (<see cref="DecisionOutcome.Recorded"/> false with the reason), never exceptions.
/// </summary>
internal interface IDeploymentCommands
{
    /// <summary>Approves or rejects what the deployment of job <paramref name="job"/> (a key, or a job id when one instance waits) of a run waits for.</summary>
    Task<DecisionOutcome> DecideAsync(long runId, string job, string person, bool approve, string? comment, CancellationToken cancellationToken);

    /// <summary>Approves or rejects what a deployment waits for.</summary>
    Task<DecisionOutcome> DecideAsync(long deploymentId, string person, bool approve, string? comment, CancellationToken cancellationToken);

    /// <summary>Deployments of these runs that wait for a decision now (a pull request's runs, for <c>/approve</c>).</summary>
    Task<IReadOnlyList<DeploymentRecord>> PendingAsync(IReadOnlyCollection<long> runIds, CancellationToken cancellationToken);

    /// <summary>An environment's deployments, newest first.</summary>
    Task<IReadOnlyList<DeploymentRecord>> HistoryAsync(string environment, int limit, CancellationToken cancellationToken);

    /// <summary>A deployment's trail: state changes, decisions, shifts, failed checks, the roll back.</summary>
    Task<IReadOnlyList<DeploymentEvent>> EventsAsync(long deploymentId, CancellationToken cancellationToken);

    /// <summary>Every environment with deployments, a lock or a declaration in <paramref name="declared"/>, by name.</summary>
    Task<IReadOnlyList<EnvironmentStatus>> StatusAsync(Core.Deployments.EnvironmentsConfig declared, CancellationToken cancellationToken);

    Task LockAsync(string environment, string person, string reason, CancellationToken cancellationToken);

    /// <summary>False when the environment was not locked.</summary>
    Task<bool> UnlockAsync(string environment, CancellationToken cancellationToken);

    /// <summary>Asks the active deployments of an environment to stop (those in progress roll back); returns those asked.</summary>
    Task<IReadOnlyList<DeploymentRecord>> StopAsync(string environment, string person, string reason, CancellationToken cancellationToken);

    /// <summary>
    /// The deployment to go back to: the newest succeeded one with <paramref name="version"/>, or without it the newest
    /// succeeded one whose version differs from what runs now. Null (with the reason) when there is none.
    /// </summary>
    Task<(DeploymentRecord? Target, string? Problem)> RollbackTargetAsync(string environment, string? version, CancellationToken cancellationToken);
}
