using Sluice.Core.Deployments;

namespace Sluice.Engine.Deployments;

/// <summary>
/// Durable deployment history, approvals, progress and locks; shared by every process on one state directory
/// (several <c>sluice run</c>s and the server), so the queue and locks hold across processes.
/// Contract: the run store's <c>MigrateAsync</c> has created the tables; writes are durable when their task
/// completes; methods are safe to call concurrently; times are kept to the millisecond and read back as UTC;
/// unknown ids read as null/empty.
/// </summary>
internal interface IDeploymentStore : IAsyncDisposable
{
    Task<long> CreateAsync(NewDeployment deployment, DeploymentState state, string? reason, CancellationToken cancellationToken);

    Task<DeploymentRecord?> GetAsync(long id, CancellationToken cancellationToken);

    /// <summary>Newest first (by id).</summary>
    Task<IReadOnlyList<DeploymentRecord>> ListAsync(DeploymentQuery query, CancellationToken cancellationToken);

    /// <summary>Every deployment made by the jobs of a run, oldest first.</summary>
    Task<IReadOnlyList<DeploymentRecord>> ListForRunAsync(long runId, CancellationToken cancellationToken);

    /// <summary>The newest succeeded deployment of the environment (with that version when given) older than <paramref name="before"/> when given.</summary>
    Task<DeploymentRecord?> LastSucceededAsync(string environment, string? version, long? before, CancellationToken cancellationToken);

    /// <summary>Changes the state; InProgress sets the start time, a terminal state the finish time. Also writes a trail event.</summary>
    Task SetStateAsync(long id, DeploymentState state, string? reason, DateTimeOffset at, CancellationToken cancellationToken);

    Task SetProgressAsync(long id, int trafficPercent, int stepIndex, CancellationToken cancellationToken);

    Task AddEventAsync(DeploymentEvent deploymentEvent, CancellationToken cancellationToken);

    Task<IReadOnlyList<DeploymentEvent>> GetEventsAsync(long id, CancellationToken cancellationToken);

    /// <summary>
    /// Atomically: refuses when the environment is locked; otherwise starts the deployment (state InProgress) when
    /// nothing of its environment is in progress and it is the oldest Queued one (recording the version that runs
    /// now as its previous version); else says how many are ahead.
    /// </summary>
    Task<StartAttempt> TryStartAsync(long id, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Starts waiting for an approval at <see cref="PendingApproval.Gate"/> under its rule (replacing any other pending one).</summary>
    Task OpenGateAsync(long id, PendingApproval approval, CancellationToken cancellationToken);

    /// <summary>Stops waiting for an approval (decided, timed out, or the deployment ended).</summary>
    Task CloseGateAsync(long id, CancellationToken cancellationToken);

    /// <summary>
    /// Records a person's decision at the gate the deployment waits for, after checking it with
    /// <see cref="ApprovalGate.Check"/> against the gate's rule and earlier decisions in the same transaction.
    /// Returns null when recorded, else why not (no pending approval, not a reviewer, self-approval, already decided).
    /// </summary>
    Task<string?> DecideAsync(long id, ApprovalDecision decision, CancellationToken cancellationToken);

    Task<IReadOnlyList<ApprovalDecision>> GetDecisionsAsync(long id, int gate, CancellationToken cancellationToken);

    /// <summary>Asks the process running an active deployment to stop it (roll back); false when it is already finished.</summary>
    Task<bool> RequestStopAsync(long id, string by, string reason, CancellationToken cancellationToken);

    Task<EnvironmentLock?> GetLockAsync(string environment, CancellationToken cancellationToken);

    Task<IReadOnlyList<EnvironmentLock>> ListLocksAsync(CancellationToken cancellationToken);

    /// <summary>Locks the environment, replacing an earlier lock's holder and reason.</summary>
    Task LockAsync(EnvironmentLock environmentLock, CancellationToken cancellationToken);

    /// <summary>Removes the lock; false when there was none.</summary>
    Task<bool> UnlockAsync(string environment, CancellationToken cancellationToken);

    /// <summary>Marks active deployments whose owner process is gone as Interrupted (freeing their environment); returns their ids.</summary>
    Task<IReadOnlyList<long>> MarkInterruptedAsync(Func<string, bool> isOwnerAlive, DateTimeOffset at, CancellationToken cancellationToken);
}
