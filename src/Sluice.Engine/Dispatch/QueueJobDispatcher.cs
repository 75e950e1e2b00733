using Sluice.Core.Planning;
using Sluice.Engine.Execution;
using Sluice.Engine.Runs;
using Sluice.Engine.Scheduling;
using Sluice.Engine.Storage;

namespace Sluice.Engine.Dispatch;

/// <summary>
/// <see cref="IJobDispatcher"/> on the durable job queue: enqueues a ticket for the job (<c>RunKey</c> + job key, so a
/// resumed run adopts a ticket already queued or running), waits until it is terminal and turns the worker's
/// <see cref="JobReport"/> (or the queue's reason: agent lost, timed out, never picked up) into the job's result.
/// </summary>
/// With <see cref="TicketSignals"/> (the server's), it wakes only when its own ticket changed in this process, and polls
/// every second for changes made elsewhere; without, it wakes on every queue write.
internal sealed class QueueJobDispatcher(IJobQueue queue, string runKey, DispatchSettings settings, TicketSignals? signals = null) : IJobDispatcher
{
    /// <summary>Time a worker gets on top of the job's own timeout to upload and report before the sweeper fails the ticket.</summary>
    private static readonly TimeSpan ReportSlack = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The poll of a ticket still queued, when this process's claims and sweeps signal it: only another server's claim or
    /// sweep goes unsignalled, and it costs a late "started" event, not a late result. Every queued ticket polling each
    /// second was a read per queued ticket per second: thousands a second under a backlog.
    /// </summary>
    private static readonly TimeSpan QueuedPoll = TimeSpan.FromSeconds(5);

    public async Task<(JobResult Result, IReadOnlyList<ArtifactRecord> Artifacts)> RunAsync(
        RunContext run, PlannedJob job, int index, RunExpressionContext context, IReadOnlyList<JobResult> needs,
        IReadOnlyList<ArtifactRecord> neededArtifacts, JobControl control)
    {
        var payload = new JobPayload(settings.Repository, settings.Sha, run.Pipeline.File, settings.PipelineYaml, job.Key, index,
            EventJson.Serialize(run.Event), run.Inputs, needs.Select(NeedResult.From).ToList(), context.Status.Failed,
            neededArtifacts.ToList(), job.Definition.Secrets, settings.Fork);
        var timeout = job.Definition.Timeout ?? run.Pipeline.Defaults.Timeout ?? settings.DefaultTimeout;
        var ticket = new JobTicket(runKey, run.RunId, job.Key, job.Definition.RunsOn, DispatchJson.Serialize(payload), settings.RetryBudget,
            timeout * (job.Definition.Retry.Max + 1) + ReportSlack, settings.PickupLimit);
        var id = await queue.EnqueueAsync(ticket, run.Time.GetUtcNow(), CancellationToken.None);
        var survivesCancel = RunTimeExpressions.UsesStatusFunction(job.Definition.If)
            && RunTimeExpressions.Condition(job.Definition.If, context.WithStatus(new Core.Expressions.JobStatus(false, true))).Value;
        try
        {
            return await WaitAsync(run, job, control, id, survivesCancel);
        }
        finally
        {
            signals?.Forget(id);
        }
    }

    private async Task<(JobResult Result, IReadOnlyList<ArtifactRecord> Artifacts)> WaitAsync(RunContext run, PlannedJob job, JobControl control, long id, bool survivesCancel)
    {
        var cancelSent = false;
        var startedSeen = 0;
        while (true)
        {
            var changed = signals?.Next(id);
            var current = await queue.GetStatusAsync(id, CancellationToken.None)
                ?? throw new InvalidOperationException($"job ticket {id} vanished from the queue");
            if (current.State is DispatchState.Succeeded or DispatchState.Failed or DispatchState.Cancelled)
            {
                return Finish(run, job, current);
            }

            if (current.State == DispatchState.Leased && current.Attempt > startedSeen)
            {
                startedSeen = current.Attempt;
                run.Observer.OnEvent(new JobStartedEvent(run.RunId, run.Time.GetUtcNow(), job.Key, 1));
            }

            if (run.Aborted.IsCancellationRequested)
            {
                // The orchestrator stops (server shutdown): the job goes on, and the resumed run adopts its ticket.
                return (Ended(job, JobState.Cancelled, "run aborted", 0), []);
            }

            var stop = control.Token.IsCancellationRequested ? control.Reason ?? "cancelled"
                : run.Cancelled.IsCancellationRequested && !survivesCancel ? "run cancelled"
                : null;
            if (stop is not null && !cancelSent)
            {
                cancelSent = true;
                await queue.CancelAsync(id, stop, run.Time.GetUtcNow(), CancellationToken.None);
                continue;
            }

            using var wake = cancelSent
                ? CancellationTokenSource.CreateLinkedTokenSource(run.Aborted)
                : CancellationTokenSource.CreateLinkedTokenSource(run.Aborted, run.Cancelled, control.Token);
            // A timeout or a wake-up is the normal end of a wait, not an error: no exception for it (one was thrown per
            // poll of every waiting ticket).
            var waited = changed is null
                ? queue.WaitAsync(Poll, wake.Token)
                : changed.WaitAsync(current.State == DispatchState.Queued ? QueuedPoll : Poll, wake.Token);
            await waited.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private static (JobResult, IReadOnlyList<ArtifactRecord>) Finish(RunContext run, PlannedJob job, DispatchedJob ticket)
    {
        var report = ticket.ResultJson is { } json ? DispatchJson.Deserialize<JobReport>(json) : null;
        if (report is null)
        {
            // Ended by the queue itself (agent lost, timed out, never picked up, cancelled before a worker took it).
            var state = ticket.State == DispatchState.Cancelled ? JobState.Cancelled : JobState.Failed;
            return (Ended(job, state, ticket.Reason ?? Word(ticket.State), ticket.Attempt), []);
        }

        var artifacts = report.Artifacts.Select(a => a with { RunId = run.RunId }).ToList();
        var result = new JobResult(job.Key, job.JobId, job.DisplayName, report.State, report.Reason, report.Attempts, report.StartedAt, report.FinishedAt,
            report.Outputs, report.FailureTolerated) { Summary = report.Summary };
        if (ticket.Ticket.RunId != run.RunId)
        {
            // Adopted from the run this one resumes: the worker wrote to that run, so the result is copied here.
            var at = run.Time.GetUtcNow();
            run.Recorder.Enqueue((s, ct) => s.SetJobStateAsync(run.RunId, job.Key, report.State, report.Reason, report.Attempts, report.StartedAt, report.FinishedAt ?? at, ct));
            run.Recorder.Enqueue((s, ct) => s.SetJobOutputsAsync(run.RunId, job.Key, report.Outputs, ct));
            foreach (var artifact in artifacts)
            {
                run.Recorder.Enqueue((s, ct) => s.AddArtifactAsync(artifact, ct));
            }
        }

        return (result, artifacts);
    }

    private static JobResult Ended(PlannedJob job, JobState state, string reason, int attempts) =>
        new(job.Key, job.JobId, job.DisplayName, state, reason, attempts, null, null, new Dictionary<string, string>());

    private static string Word(DispatchState state) => state == DispatchState.Cancelled ? "cancelled" : "failed";
}
