using Sluice.Core.Parsing;
using Sluice.Core.Planning;
using Sluice.Engine.Artifacts;
using Sluice.Engine.Dispatch;
using Sluice.Engine.Execution;
using Sluice.Engine.Runs;
using Sluice.Engine.Scheduling;
using Sluice.Engine.Secrets;
using Sluice.Engine.State;
using Sluice.Engine.Storage;

namespace Sluice.Engine.Agents;

/// <summary>
/// Runs one claimed job with the engine's <see cref="JobRunner"/>, as <c>sluice run</c> would: fetches the job's
/// secrets (masked in every line), extracts the commit's tree into an empty job directory (rented from
/// <see cref="JobDirectories"/> and emptied afterwards), downloads the artifacts of its needs, re-plans the pipeline to
/// get the very job, runs it while the lease is renewed, and reports the result. Returns how the job ended
/// (<see cref="AgentJobEnd"/>: its state, null when the lease was lost and someone else runs it now, and the next job
/// the server handed over with the completion). <paramref name="inherited"/> is the agent's environment as steps
/// inherit it, read once per agent since it does not change.
/// </summary>
internal sealed class AgentJobRun(
    AgentClient client, AgentOptions options, StateDirectory state, PipelineCache pipelines, JobDirectories directories,
    IReadOnlyDictionary<string, string> inherited, TimeSpan renewEvery, TimeProvider time, Action<string> log, IStepGroupWatch? groups = null)
{
    private JobDirectory? rented;

    /// <param name="next">Asked when the job ends: the claim to send with its completion for the agent's next job, or
    /// null for none (the agent is stopping, or runs one job only).</param>
    public async Task<AgentJobEnd> RunAsync(ClaimedTicket ticket, CancellationToken abort, Func<ClaimRequest?>? next = null)
    {
        using var lease = new AgentLease(ticket, abort);
        using var stopRenewing = new CancellationTokenSource();
        var renewer = new LeaseRenewer(client, lease, renewEvery, time, log).RunAsync(stopRenewing.Token);
        var directory = rented = directories.Rent();
        try
        {
            log($"job {ticket.Id} ({ticket.JobKey}, run {ticket.RunId}, attempt {ticket.Attempt}): started");
            var ended = await RunInAsync(lease, directory, next);
            log(ended.State is not { } state ? $"job {ticket.Id}: lease lost, result dropped" : $"job {ticket.Id} ({ticket.JobKey}): {state.ToString().ToLowerInvariant()}");
            return ended;
        }
        finally
        {
            await stopRenewing.CancelAsync();
            await renewer;
            GiveBackDirectory();
        }
    }

    /// <summary>
    /// Empties the job directory for the slot's next job, once. Done before the completion is sent, under this job's
    /// lease: the completion may bring the next job, whose lease would otherwise run unrenewed while a large workspace
    /// is deleted.
    /// </summary>
    private void GiveBackDirectory()
    {
        if (rented is { } directory)
        {
            rented = null;
            directories.Return(directory);
        }
    }

    private async Task<AgentJobEnd> RunInAsync(AgentLease lease, JobDirectory directory, Func<ClaimRequest?>? next)
    {
        var ticket = lease.Ticket;
        var payload = ticket.Payload;
        var blobs = state.Blobs();
        var workspace = directory.Workspace;
        var temp = directory.Temp;

        IReadOnlyDictionary<string, string>? secrets = new Dictionary<string, string>();
        try
        {
            if (payload.Secrets.Count > 0 && !payload.Fork)
            {
                secrets = await client.SecretsAsync(ticket, lease.Lost);
            }

            if (secrets is null || (payload.Sha is not null && await client.DownloadSourceAsync(ticket, workspace, lease.Lost) == WriteOutcome.Fenced))
            {
                return AgentJobEnd.LeaseLost;
            }

            foreach (var sha in payload.Artifacts.Select(a => a.Sha256).Distinct(StringComparer.Ordinal))
            {
                if (!File.Exists(Path.Combine(state.BlobsPath, sha[..2], sha)) && !await client.DownloadBlobAsync(ticket, sha, blobs, lease.Lost))
                {
                    return await FailAsync(lease, $"artifact blob {sha[..12]} of a needed job could not be downloaded");
                }
            }
        }
        catch (OperationCanceledException) when (lease.IsLost)
        {
            return AgentJobEnd.LeaseLost;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or InvalidDataException)
        {
            return await FailAsync(lease, "preparing the job failed: " + e.Message);
        }

        var (parsed, ev, plan) = pipelines.Prepare(payload.PipelineFile, payload.PipelineYaml, payload.EventJson);
        if (ev is null || parsed.Pipeline is null || plan is null)
        {
            return await FailAsync(lease, "the job's pipeline or event cannot be read");
        }

        var job = plan.Jobs.FirstOrDefault(j => j.Key == payload.JobKey) ?? Planner.PlanPipeline(parsed.Pipeline, ev).Jobs.FirstOrDefault(j => j.Key == payload.JobKey);
        if (job is null)
        {
            return await FailAsync(lease, $"job `{payload.JobKey}` is not in the pipeline's plan");
        }

        await using var history = new ForwardingRunStore(client, lease, blobs, time);
        var recorder = new RunRecorder(history);
        var runOptions = new RunOptions(1, state, "agent:" + options.Name, options.KillGrace,
            DirectExec: RunOptions.DirectExecFrom(Environment.GetEnvironmentVariable(DirectCommand.OptOutVariable)), StepGroups: groups);
        var run = new RunContext(
            ticket.RunId, parsed.Pipeline, ev, payload.Inputs, secrets, new SecretMasker(secrets.Values), workspace, temp, runOptions, time,
            recorder, SilentObserver.Instance, new ArtifactStore(blobs), new CacheStore(state.CachesPath, blobs, time),
            inherited, RunExecutor.BaseExpressions(ticket.RunId, plan, ev, payload.Inputs, workspace), lease.Cancelled, lease.Lost);
        var context = run.BaseExpressions
            .With("matrix", ExprValues.Strings(job.Matrix))
            .With("needs", JobGate.NeedsContext(payload.Needs.Select(n => n.ToResult())))
            .WithStatus(new Core.Expressions.JobStatus(payload.NeedsFailed, false));
        using var control = new JobControl();
        var (result, artifacts) = await new JobRunner(run).RunAsync(job, payload.Index, context, payload.Artifacts, control);
        try
        {
            await recorder.CompleteAsync();
        }
        catch (InvalidOperationException e)
        {
            log($"job {ticket.Id}: {e.Message}");
        }

        var (last, unsent) = await history.History.TakeAsync();
        if (unsent is not null)
        {
            log($"job {ticket.Id}: writing its history failed: {unsent.Message}");
        }

        if (lease.IsLost)
        {
            return AgentJobEnd.LeaseLost;
        }

        GiveBackDirectory();
        var completion = new JobCompletion(JobReport.From(result, artifacts), last);
        ClaimedTicket? following = null;
        var outcome = await FencedWrites.SendAsync(lease, async ct =>
        {
            // Asked on every attempt: an agent told to stop while a retry is pending asks for no more work.
            (var sent, following) = await client.CompleteAsync(ticket, completion with { Next = next?.Invoke() }, ct);
            return sent;
        }, time);
        return outcome == WriteOutcome.Done ? new AgentJobEnd(result.State, following) : AgentJobEnd.LeaseLost;
    }

    /// <summary>Reports a job that could not start (its history says why) as failed.</summary>
    private async Task<AgentJobEnd> FailAsync(AgentLease lease, string reason)
    {
        var now = time.GetUtcNow();
        var history = new HistoryBatch([new HistoryWrite(State: new StateUpdate(JobState.Failed, reason, 0, now, now))]);
        var completion = new JobCompletion(new JobReport(JobState.Failed, reason, 0, now, now, new Dictionary<string, string>(), false, "", []), history);
        return await FencedWrites.SendAsync(lease, ct => client.PostAsync(lease.Ticket, "complete", completion, ct), time) == WriteOutcome.Done
            ? new AgentJobEnd(JobState.Failed, null)
            : AgentJobEnd.LeaseLost;
    }
}
