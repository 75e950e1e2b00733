using System.Collections;
using System.Collections.Concurrent;
using Sluice.Core.Expressions;
using Sluice.Core.Planning;
using Sluice.Engine.Artifacts;
using Sluice.Engine.Deployments;
using Sluice.Engine.Execution;
using Sluice.Engine.Scheduling;
using Sluice.Engine.Secrets;
using Sluice.Engine.Storage;
using Sluice.Engine.Workspaces;

namespace Sluice.Engine.Runs;

/// <summary>
/// Executes one pipeline run: records it in the store, schedules its jobs (each as soon as its needs end,
/// at most <see cref="RunOptions.MaxParallel"/> at once), streams events to the observer and returns the
/// result as a value. The engine entry point shared by <c>sluice run</c>, <c>rerun</c> and later the server.
/// </summary>
internal sealed class RunExecutor(IRunStore store, IRunObserver observer, TimeProvider time)
{
    /// <param name="cancel">Soft cancel (Ctrl+C): stops running steps; <c>always()</c>/<c>cancelled()</c> work still runs.</param>
    /// <param name="abort">Hard cancel (second Ctrl+C): stops everything.</param>
    public async Task<RunResult> ExecuteAsync(RunRequest request, CancellationToken cancel, CancellationToken abort)
    {
        IsolatedWorkspace? isolated = null;
        var workspace = Path.GetFullPath(request.Workspace);
        if (request.Options.Isolated)
        {
            var created = await IsolatedWorkspace.CreateAsync(workspace, request.Options.Revision, abort);
            if (created.Workspace is null)
            {
                return RunResult.NotStarted(created.Error!);
            }

            isolated = created.Workspace;
            workspace = isolated.Path;
        }

        var temp = Path.Combine(Path.GetTempPath(), "sluice-run-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            Directory.CreateDirectory(Path.Combine(temp, "no-artifacts"));
            return await ExecuteInAsync(request, workspace, temp, cancel, abort);
        }
        finally
        {
            if (isolated is not null)
            {
                await isolated.DisposeAsync();
            }

            TryDelete(temp);
        }
    }

    private async Task<RunResult> ExecuteInAsync(RunRequest request, string workspace, string temp, CancellationToken cancel, CancellationToken abort)
    {
        var plan = request.Plan;
        var ev = request.Event;
        var createdAt = time.GetUtcNow();
        var skippedByPlan = plan.Skipped.Where(s => plan.Jobs.All(j => j.Key != s.JobId)).ToList();
        var newJobs = plan.Jobs.Select(j => new NewJob(j.Key, j.JobId, j.DisplayName, EventJson.Strings(j.Needs), EventJson.Map(j.Matrix)))
            .Concat(skippedByPlan.Select(s => new NewJob(s.JobId, s.JobId, plan.Pipeline.FindJob(s.JobId)?.Name ?? s.JobId, "[]", "{}")))
            .ToList();
        var runId = await store.CreateRunAsync(
            new NewRun(request.Options.Repository, plan.Pipeline.Id, plan.Pipeline.Name, plan.Pipeline.File, Core.Events.PipelineEvent.KindText(ev.Kind),
                EventJson.Serialize(ev), ev.Branch, ev.Sha, ev.Actor, request.Options.Owner, createdAt, request.Rerun?.ParentRunId),
            newJobs, CancellationToken.None);

        await using var deployments = await JobDeployments.CreateAsync(request, time, abort);
        // Fenced: once another process took the run over (or this server's lease ran out), its writes are refused.
        var recorder = new RunRecorder(store.FencedTo(new RunFence(request.Options.Owner, 0, request.Options.LeaseHeld)));
        var blobs = request.Options.StateDirectory.EnsureCreated().Blobs();
        var inputs = plan.Inputs ?? request.Inputs;
        var run = new RunContext(
            runId, plan.Pipeline, ev, inputs, deployments?.JobSecrets(request.Secrets) ?? request.Secrets, new SecretMasker(request.Secrets.Values), workspace, temp, request.Options, time,
            recorder, observer, new ArtifactStore(blobs), new CacheStore(request.Options.StateDirectory.CachesPath, blobs, time),
            InheritedEnvironment(), BaseExpressions(runId, plan, ev, inputs, workspace), cancel, abort);

        observer.OnEvent(new RunStartedEvent(runId, createdAt, plan.Pipeline.Id, plan.Pipeline.Name,
            newJobs.Select(j => new RunJobInfo(j.Key, j.DisplayName, plan.Jobs.FirstOrDefault(p => p.Key == j.Key)?.Needs ?? [])).ToList(), request.Rerun?.ParentRunId));
        recorder.Enqueue((s, ct) => s.SetRunStateAsync(runId, RunState.Running, createdAt, ct));

        var done = new Dictionary<string, JobResult>(StringComparer.Ordinal);
        var artifacts = new ConcurrentDictionary<string, IReadOnlyList<ArtifactRecord>>(StringComparer.Ordinal);
        foreach (var skipped in skippedByPlan)
        {
            done[skipped.JobId] = new JobResult(skipped.JobId, skipped.JobId, newJobs.First(j => j.Key == skipped.JobId).DisplayName, JobState.Skipped, skipped.Reason, 0, null, null, new Dictionary<string, string>());
        }

        foreach (var job in plan.Jobs)
        {
            if (request.Rerun?.Reused.TryGetValue(job.Key, out var reused) == true)
            {
                done[job.Key] = Reuse(run, job, reused, request.Rerun.ParentRunId);
                artifacts[job.Key] = reused.Artifacts.Select(a => a with { RunId = runId }).ToList();
            }
        }

        foreach (var result in done.Values)
        {
            Record(run, result);
            observer.OnEvent(new JobFinishedEvent(runId, time.GetUtcNow(), result));
        }

        var results = new Dictionary<string, JobResult>(await ScheduleAsync(run, plan, done, artifacts, deployments), StringComparer.Ordinal);
        foreach (var (key, result) in done)
        {
            results.TryAdd(key, result);
        }

        var ordered = newJobs.Select(j => results[j.Key]).ToList();
        var summary = string.Join("\n\n", ordered.Where(r => r.Summary.Trim().Length > 0).Select(r => $"## {r.DisplayName}\n\n{r.Summary.Trim()}"));
        var state = abort.IsCancellationRequested || cancel.IsCancellationRequested ? RunState.Cancelled
            : ordered.Any(r => r.State == JobState.Failed && !r.FailureTolerated) ? RunState.Failed
            : RunState.Succeeded;
        var finishedAt = time.GetUtcNow();
        if (summary.Length > 0)
        {
            recorder.Enqueue((s, ct) => s.SetRunSummaryAsync(runId, summary, ct));
        }

        recorder.Enqueue((s, ct) => s.SetRunStateAsync(runId, state, finishedAt, ct));
        await recorder.CompleteAsync();
        var runResult = new RunResult(runId, state, ordered, summary, finishedAt - createdAt);
        observer.OnEvent(new RunFinishedEvent(runId, finishedAt, runResult));
        return runResult;
    }

    private async Task<IReadOnlyDictionary<string, JobResult>> ScheduleAsync(
        RunContext run, PipelinePlan plan, Dictionary<string, JobResult> done, ConcurrentDictionary<string, IReadOnlyList<ArtifactRecord>> artifacts, JobDeployments? deployments)
    {
        var jobsByKey = plan.Jobs.ToDictionary(j => j.Key, StringComparer.Ordinal);
        var indexByKey = plan.Jobs.Select((j, i) => (j.Key, i)).ToDictionary(p => p.Key, p => p.i + 1, StringComparer.Ordinal);
        var gate = new JobGate(run, jobsByKey);
        var contexts = new ConcurrentDictionary<string, RunExpressionContext>(StringComparer.Ordinal);
        var needResults = new ConcurrentDictionary<string, IReadOnlyList<JobResult>>(StringComparer.Ordinal);
        var runner = new JobRunner(run);
        var scheduled = plan.Jobs.Select(j => new ScheduledJob(
            j.Key, j.DisplayName, j.Needs, j.JobId, j.Definition.Matrix?.MaxParallel, j.Definition.Matrix?.FailFast ?? false)).ToList();

        return await new JobScheduler(Math.Max(1, run.Options.MaxParallel)).RunAsync(
            scheduled,
            done,
            (job, results) =>
            {
                var (decision, context) = gate.Decide(jobsByKey[job.Key], results);
                contexts[job.Key] = context;
                needResults[job.Key] = jobsByKey[job.Key].Needs.Where(results.ContainsKey).Select(k => results[k]).ToList();
                return decision;
            },
            async (job, control) =>
            {
                var planned = jobsByKey[job.Key];
                if (run.Options.LeaseHeld is { } held && !held())
                {
                    // Checked before every start: a server that stalled past its lease may wake up here, after another
                    // server resumed the run; it must not run the job a second time.
                    artifacts[job.Key] = [];
                    return new JobResult(job.Key, planned.JobId, job.DisplayName, JobState.Cancelled, "not started: this server lost its lease", 0, null, null, new Dictionary<string, string>());
                }

                var needed = planned.Needs.SelectMany(n => artifacts.TryGetValue(n, out var a) ? a : []);
                // Deployment jobs stay with the orchestrator: environments, approvals and locks live in its store.
                if (run.Options.Dispatcher is { } dispatcher && !(deployments is not null && JobDeployments.Applies(planned)))
                {
                    var (dispatched, keptThere) = await dispatcher.RunAsync(run, planned, indexByKey[job.Key], contexts[job.Key], needResults[job.Key], needed.ToList(), control);
                    artifacts[job.Key] = keptThere;
                    return dispatched;
                }

                if (run.Options.JobWorkspaces is { } workspaces)
                {
                    return await RunInOwnWorkspaceAsync(run, workspaces, planned, indexByKey[job.Key], contexts[job.Key], needed, control, artifacts, deployments);
                }

                var (result, kept) = deployments is not null && JobDeployments.Applies(planned)
                    ? await deployments.RunAsync(run, planned, indexByKey[job.Key], contexts[job.Key], needed, control)
                    : await runner.RunAsync(planned, indexByKey[job.Key], contexts[job.Key], needed, control);
                artifacts[job.Key] = kept;
                return result;
            },
            result =>
            {
                if (result.StartedAt is null)
                {
                    Record(run, result);
                }

                run.Observer.OnEvent(new JobFinishedEvent(run.RunId, time.GetUtcNow(), result));
            },
            run.Cancelled);
    }

    /// <summary>Runs the job in a directory of its own (<see cref="RunOptions.JobWorkspaces"/>); a checkout that fails fails the job.</summary>
    private static async Task<JobResult> RunInOwnWorkspaceAsync(
        RunContext run, IJobWorkspaces workspaces, PlannedJob job, int index, RunExpressionContext context, IEnumerable<ArtifactRecord> needed,
        JobControl control, ConcurrentDictionary<string, IReadOnlyList<ArtifactRecord>> artifacts, JobDeployments? deployments)
    {
        var created = await workspaces.CreateAsync(run.RunId, job, run.Aborted);
        if (created.Path is null || created.Lease is null)
        {
            artifacts[job.Key] = [];
            return new JobResult(job.Key, job.JobId, job.DisplayName, JobState.Failed, "checkout failed: " + created.Error, 0, null, null, new Dictionary<string, string>());
        }

        await using (created.Lease)
        {
            var own = run with { Workspace = created.Path };
            var (result, kept) = deployments is not null && JobDeployments.Applies(job)
                ? await deployments.RunAsync(own, job, index, context, needed, control)
                : await new JobRunner(own).RunAsync(job, index, context, needed, control);
            artifacts[job.Key] = kept;
            return result;
        }
    }

    private static JobResult Reuse(RunContext run, PlannedJob job, ReusedJob reused, long parentRunId)
    {
        var reason = reused.State == JobState.Succeeded ? $"reused from run #{parentRunId}" : reused.Reason;
        foreach (var artifact in reused.Artifacts)
        {
            var copy = artifact with { RunId = run.RunId };
            run.Recorder.Enqueue((s, ct) => s.AddArtifactAsync(copy, ct));
        }

        if (reused.Outputs.Count > 0)
        {
            run.Recorder.Enqueue((s, ct) => s.SetJobOutputsAsync(run.RunId, job.Key, reused.Outputs, ct));
        }

        return new JobResult(job.Key, job.JobId, job.DisplayName, reused.State, reason, reused.Attempts, null, null, reused.Outputs) { Reused = true };
    }

    private static void Record(RunContext run, JobResult result)
    {
        var at = run.Time.GetUtcNow();
        run.Recorder.Enqueue((s, ct) => s.SetJobStateAsync(run.RunId, result.Key, result.State, result.Reason, result.Attempts, null, at, ct));
    }

    /// <summary>The contexts every job of a run starts from; shared with agents, which rebuild them for the job they run.</summary>
    internal static RunExpressionContext BaseExpressions(long runId, PipelinePlan plan, Core.Events.PipelineEvent ev, IReadOnlyDictionary<string, string> inputs, string workspace)
    {
        var empty = ExprValue.FromObject(new Dictionary<string, ExprValue>());
        var contexts = new Dictionary<string, ExprValue>(StringComparer.Ordinal)
        {
            ["event"] = EventContext.Build(ev, plan.CommandArgs.Count > 0 ? plan.CommandArgs : null),
            ["inputs"] = ExprValues.Strings(inputs),
            ["vars"] = empty,
            ["env"] = empty,
            ["matrix"] = empty,
            ["needs"] = empty,
            ["secrets"] = empty,
            ["steps"] = empty,
            ["job"] = empty,
            ["run"] = ExprValues.Object(
                ("id", ExprValue.FromNumber(runId)),
                ("pipeline", ExprValue.FromString(plan.Pipeline.Id)),
                ("workspace", ExprValue.FromString(workspace))),
        };
        return new RunExpressionContext(contexts, JobStatus.Ok, ev.ChangedFiles);
    }

    /// <summary>The process's environment for steps to inherit, without Sluice's own credentials (<see cref="WithheldVariables"/>).</summary>
    internal static Dictionary<string, string> InheritedEnvironment() => WithheldVariables.Inheritable(Environment.GetEnvironmentVariables());

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
