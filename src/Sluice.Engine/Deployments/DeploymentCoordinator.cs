using Sluice.Core.Deployments;
using Sluice.Engine.State;
using Sluice.Engine.Storage;

namespace Sluice.Engine.Deployments;

/// <summary>
/// Everything between a deployment's request and its start, polling the shared store so that it works across
/// processes: the environment's approval (N of M, timeout, self-approval), the <c>wait</c> timer, then the
/// environment's FIFO queue (one deployment in progress per environment; the oldest queued one goes next) and its
/// lock. Returns null when the deployment is in progress, else how it ended (rejected, refused, cancelled).
/// </summary>
internal static class DeploymentCoordinator
{
    public static async Task<(DeploymentState State, string Reason)?> AwaitStartAsync(ActiveDeployment d, RuleVerdict verdict)
    {
        if (verdict.Approval is { } rule && await AwaitApprovalAsync(d, rule) is { } rejected)
        {
            return rejected;
        }

        if (verdict.Wait is { } wait && await WaitAsync(d, wait) is { } stopped)
        {
            return stopped;
        }

        return await QueueAsync(d);
    }

    private static async Task<(DeploymentState, string)?> AwaitApprovalAsync(ActiveDeployment d, ApprovalRule rule)
    {
        var request = d.ApprovalRequest(rule);
        await d.Store.OpenGateAsync(d.Id, new PendingApproval(0, request), CancellationToken.None);
        var first = ApprovalGate.Evaluate(request, [], d.Time.GetUtcNow());
        d.Reporter.Note(first.Summary + (first.Deadline is { } deadline ? $"; rejected automatically at {deadline:yyyy-MM-dd HH:mm:ss}Z" : ""));
        d.Run.Recorder.Enqueue((s, ct) => s.SetJobStateAsync(d.Run.RunId, d.Request.JobKey, JobState.Queued, $"waiting for approval to deploy to {d.Name}", 0, null, null, ct));
        await d.Reporter.NotifyAsync(d.Id, DeploymentNotice.Waiting, first.Summary);
        var seen = 0;
        while (true)
        {
            var decisions = await d.Store.GetDecisionsAsync(d.Id, 0, CancellationToken.None);
            var state = ApprovalGate.Evaluate(request, decisions, d.Time.GetUtcNow());
            if (decisions.Count != seen && state.Status == ApprovalStatus.Pending)
            {
                d.Reporter.Note(state.Summary);
            }

            seen = decisions.Count;
            if (state.Status == ApprovalStatus.Approved)
            {
                await d.Store.CloseGateAsync(d.Id, CancellationToken.None);
                d.Reporter.Note(state.Summary);
                return null;
            }

            if (state.Status == ApprovalStatus.Rejected)
            {
                return await EndAsync(d, DeploymentState.Rejected, state.Summary);
            }

            if (await d.StopRequestAsync() is { } stop)
            {
                return await EndAsync(d, DeploymentState.Cancelled, stop);
            }

            var untilDeadline = state.Deadline is { } due ? due - d.Time.GetUtcNow() : d.PollInterval;
            if (!await d.SleepAsync(untilDeadline))
            {
                return await EndAsync(d, DeploymentState.Cancelled, "the run was cancelled before the deployment started");
            }
        }
    }

    private static async Task<(DeploymentState, string)?> WaitAsync(ActiveDeployment d, TimeSpan wait)
    {
        var until = d.Time.GetUtcNow() + wait;
        await d.Reporter.SetStateAsync(d.Id, DeploymentState.Waiting, $"waiting {Core.Time.Duration.Format(wait)} before deploying");
        d.Reporter.Note($"waiting {Core.Time.Duration.Format(wait)} (until {until:HH:mm:ss}Z) before deploying");
        while (d.Time.GetUtcNow() < until)
        {
            if (await d.StopRequestAsync() is { } stop)
            {
                return await EndAsync(d, DeploymentState.Cancelled, stop);
            }

            if (!await d.SleepAsync(until - d.Time.GetUtcNow()))
            {
                return await EndAsync(d, DeploymentState.Cancelled, "the run was cancelled before the deployment started");
            }
        }

        return null;
    }

    private static async Task<(DeploymentState, string)?> QueueAsync(ActiveDeployment d)
    {
        var current = await d.Store.GetAsync(d.Id, CancellationToken.None);
        if (current?.State != DeploymentState.Queued)
        {
            await d.Reporter.SetStateAsync(d.Id, DeploymentState.Queued, null);
        }

        string? shown = null;
        while (true)
        {
            await d.Store.MarkInterruptedAsync(ProcessLiveness.IsAlive, d.Time.GetUtcNow(), CancellationToken.None);
            var attempt = await d.Store.TryStartAsync(d.Id, d.Time.GetUtcNow(), CancellationToken.None);
            if (attempt.Started)
            {
                return null;
            }

            if (attempt.Lock is { } held)
            {
                return await EndAsync(d, DeploymentState.Refused, Locked(held));
            }

            var message = $"queued: {attempt.Ahead} deployment(s) to {d.Name} ahead (#{attempt.Holder} first)";
            if (message != shown)
            {
                shown = message;
                d.Reporter.Note(message);
                d.Run.Recorder.Enqueue((s, ct) => s.SetJobStateAsync(d.Run.RunId, d.Request.JobKey, JobState.Queued, message, 0, null, null, ct));
            }

            if (await d.StopRequestAsync() is { } stop)
            {
                return await EndAsync(d, DeploymentState.Cancelled, stop);
            }

            if (!await d.SleepAsync(d.PollInterval))
            {
                return await EndAsync(d, DeploymentState.Cancelled, "the run was cancelled before the deployment started");
            }
        }
    }

    public static string Locked(EnvironmentLock held) => $"environment `{held.Environment}` is locked by {held.LockedBy}: {held.Reason}";

    private static async Task<(DeploymentState, string)> EndAsync(ActiveDeployment d, DeploymentState state, string reason)
    {
        await d.Reporter.SetStateAsync(d.Id, state, reason);
        d.Reporter.Note($"{state.Text()}: {reason}");
        return (state, reason);
    }
}
