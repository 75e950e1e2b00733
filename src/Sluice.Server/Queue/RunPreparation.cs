using System.Text.Json;
using Sluice.Core.Events;
using Sluice.Core.Parsing;
using Sluice.Core.Planning;
using Sluice.Engine.Deployments;
using Sluice.Engine.Runs;
using Sluice.Engine.Storage;
using Sluice.Server.Api;
using Sluice.Server.Config;
using Sluice.Server.Mirrors;

namespace Sluice.Server.Queue;

/// <summary>
/// Turns a queue item into what the engine needs: the plan (planned again from the pipelines at the item's commit,
/// deterministic, so it is the plan that was matched), the event, and for re-runs and resumed runs the jobs reused
/// from the parent run; for a roll back only the deploying job, with what it needs reused from the run that made the
/// good deployment (<see cref="RollbackPlanner"/>). Problems are values (<see cref="PreparedRun.Error"/>).
/// </summary>
internal sealed class RunPreparation(ServerConfig config, MirrorStore mirrors, IRunStore runs, IRunQueue queue, IDeploymentStore deployments)
{
    public async Task<PreparedRun> PrepareAsync(QueueItem item, CancellationToken cancellationToken)
    {
        var ev = EventJson.Deserialize(item.EventJson);
        if (ev is null)
        {
            return PreparedRun.Failed("the queued event cannot be read");
        }

        var repo = config.FindRepository(item.Repository);
        var parent = item.Kind == QueueKind.Rerun && item.Payload is { } payload ? JsonSerializer.Deserialize<RerunPayload>(payload) : null;

        // Ad-hoc jobs carry their pipeline; a re-run of them finds it on the item that ran them first.
        var jobsYaml = item.Kind == QueueKind.Jobs ? item.Payload
            : parent is not null && await queue.FindByRunAsync(parent.ParentRunId, cancellationToken) is { Kind: QueueKind.Jobs } original ? original.Payload
            : null;
        PipelinePlan plan;
        var yaml = jobsYaml;
        if (jobsYaml is not null)
        {
            var parsed = PipelineParser.Parse("api-jobs.yml", jobsYaml);
            if (parsed.Pipeline is null)
            {
                return PreparedRun.Failed("ad-hoc jobs do not parse: " + string.Join("; ", parsed.Diagnostics.Select(d => d.Message)));
            }

            plan = Planner.PlanPipeline(parsed.Pipeline, ev, force: true);
        }
        else
        {
            if (repo is null)
            {
                return PreparedRun.Failed($"repository `{item.Repository}` is no longer configured");
            }

            var missing = ev.Sha is null ? "the event has no commit" : await mirrors.EnsureCommitsAsync(repo, [ev.Sha], ev.PullRequest, cancellationToken);
            if (missing is not null)
            {
                return PreparedRun.Failed(missing);
            }

            var file = (await mirrors.LoadPipelinesAsync(repo, ev.Sha!, cancellationToken))?.Files.FirstOrDefault(f => f.Result.Pipeline?.Id == item.PipelineId);
            if (file?.Result.Pipeline is not { } pipeline)
            {
                return PreparedRun.Failed($"pipeline `{item.PipelineId}` not found (or not valid) at {ev.Sha}");
            }

            yaml = config.Agents is null ? null : await File.ReadAllTextAsync(file.Path, cancellationToken);

            plan = Planner.PlanPipeline(pipeline, ev, force: item.Kind == QueueKind.Rerun || ev.Kind is EventKind.Manual or EventKind.Api or EventKind.Schedule);
        }

        if (!plan.Matched)
        {
            return PreparedRun.Failed("not run: " + plan.Reason);
        }

        if (parent?.RollbackTarget is { } target)
        {
            // A roll back started again after a crash is planned the same way: the deploying job runs again.
            return await PrepareRollbackAsync(plan, ev, repo, parent, target, cancellationToken);
        }

        if (item.PreviousRunId is { } previous)
        {
            // Resuming after a crash: the interrupted run's finished jobs are kept, the rest runs again.
            parent = new RerunPayload(previous, FailedOnly: true);
        }

        if (parent is null)
        {
            return new PreparedRun(plan, ev, null, repo, null) { PipelineYaml = yaml };
        }

        var jobs = await runs.GetJobsAsync(parent.ParentRunId, cancellationToken);
        var artifacts = await runs.GetArtifactsAsync(parent.ParentRunId, cancellationToken);
        if (jobs.Count == 0)
        {
            return new PreparedRun(plan, ev, null, repo, null) { PipelineYaml = yaml };
        }

        var (rerunPlan, source) = RerunPlanner.Plan(plan, parent.ParentRunId, jobs, artifacts, parent.FailedOnly);
        return new PreparedRun(rerunPlan, ev, source, repo, null) { PipelineYaml = yaml };
    }

    private async Task<PreparedRun> PrepareRollbackAsync(
        PipelinePlan plan, PipelineEvent ev, RepositoryConfig? repo, RerunPayload payload, long targetId, CancellationToken cancellationToken)
    {
        var target = await deployments.GetAsync(targetId, cancellationToken);
        if (target is null)
        {
            return PreparedRun.Failed($"deployment #{targetId}, the one to roll back to, is no longer recorded");
        }

        var jobs = await runs.GetJobsAsync(target.RunId, cancellationToken);
        var artifacts = await runs.GetArtifactsAsync(target.RunId, cancellationToken);
        var (rollbackPlan, source, problem) = RollbackPlanner.Plan(plan, target, jobs, artifacts);
        return rollbackPlan is null ? PreparedRun.Failed(problem!) : new PreparedRun(rollbackPlan, ev, source, repo, null, payload);
    }

    /// <summary>The generated pipeline of ad-hoc orders (<see cref="JobsRequest"/>), validated by the normal parser at enqueue time.</summary>
    public static PipelineParseResult ParseJobs(string yaml) => PipelineParser.Parse("api-jobs.yml", yaml);
}
