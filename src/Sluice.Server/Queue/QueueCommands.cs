using System.Text.Json;
using Sluice.Engine.Deployments;
using Sluice.Engine.Runs;
using Sluice.Engine.Storage;

namespace Sluice.Server.Queue;

/// <summary>Cancel, re-run, roll back and approve, shared by the API and ChatOps: durable change in the queue first, then the running run is stopped.</summary>
internal sealed class QueueCommands(IRunQueue queue, IRunStore runs, RunCancellations cancellations, QueueSignal signal, TimeProvider time)
{
    public async Task<bool> CancelAsync(long queueId, string reason, CancellationToken cancellationToken)
    {
        var item = await queue.GetAsync(queueId, cancellationToken);
        if (item is null || item.IsTerminal)
        {
            return false;
        }

        if (await queue.CancelAsync(queueId, reason, time.GetUtcNow(), cancellationToken))
        {
            cancellations.Cancel(queueId);
        }

        signal.Notify();
        return true;
    }

    /// <summary>Enqueues a re-run of a finished run; null when the run does not exist or is still going.</summary>
    public async Task<long?> RerunAsync(long runId, bool failedOnly, string requestedBy, CancellationToken cancellationToken)
    {
        var run = await runs.GetRunAsync(runId, cancellationToken);
        if (run is null || !run.State.IsTerminal())
        {
            return null;
        }

        var parent = await queue.FindByRunAsync(runId, cancellationToken);
        var request = new QueueRequest(run.Repository, run.PipelineId, QueueKind.Rerun, run.EventJson,
            Payload: JsonSerializer.Serialize(new RerunPayload(runId, failedOnly)), ConcurrencyGroup: parent?.ConcurrencyGroup,
            PullRequest: parent?.PullRequest, Sha: run.Sha, RequestedBy: requestedBy);
        var result = await queue.EnqueueAsync([request], time.GetUtcNow(), cancellationToken);
        signal.Notify();
        return result.Enqueued.FirstOrDefault();
    }

    /// <summary>
    /// Enqueues a roll back to <paramref name="target"/> (a succeeded deployment): its job runs again at its run's commit,
    /// with that run's event as triggered by <paramref name="person"/> (whom the environment's rules and approvals see), and
    /// what it needs reused from that run. Null with the reason when the run that made it is gone (pruned).
    /// </summary>
    /// <param name="replacing">The deployment that runs now, recorded as the one rolled back.</param>
    public async Task<(long? QueueId, string? Problem)> RollbackAsync(
        DeploymentRecord target, long? replacing, string person, string requestedBy, CancellationToken cancellationToken)
    {
        var run = await runs.GetRunAsync(target.RunId, cancellationToken);
        if (run is null || EventJson.Deserialize(run.EventJson) is not { } ev)
        {
            return (null, $"run #{target.RunId}, which deployed {target.Version}, is no longer in the history (pruned)");
        }

        var parent = await queue.FindByRunAsync(run.Id, cancellationToken);
        var request = new QueueRequest(run.Repository, run.PipelineId, QueueKind.Rerun, EventJson.Serialize(ev with { Actor = person }),
            Payload: JsonSerializer.Serialize(new RerunPayload(run.Id, false, target.Id, replacing)), ConcurrencyGroup: parent?.ConcurrencyGroup,
            PullRequest: parent?.PullRequest, Sha: run.Sha, RequestedBy: requestedBy);
        var result = await queue.EnqueueAsync([request], time.GetUtcNow(), cancellationToken);
        signal.Notify();
        return result.Enqueued.Count > 0 ? (result.Enqueued[0], null) : (null, "the queue did not take the roll back");
    }

    public async Task<bool> ApproveAsync(long queueId, string approvedBy, CancellationToken cancellationToken)
    {
        var approved = await queue.ApproveAsync(queueId, approvedBy, cancellationToken);
        signal.Notify();
        return approved;
    }

    /// <summary>Stops runs that a cancel-in-progress enqueue superseded.</summary>
    public void StopSuperseded(EnqueueResult result)
    {
        foreach (var id in result.CancelRunning)
        {
            cancellations.Cancel(id);
        }

        if (result.Enqueued.Count > 0)
        {
            signal.Notify();
        }
    }
}
