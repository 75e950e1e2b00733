using Microsoft.Extensions.Logging;
using Sluice.Core.Deployments;
using Sluice.Core.Events;
using Sluice.Engine.Deployments;
using Sluice.Engine.Dispatch;
using Sluice.Engine.Runs;
using Sluice.Engine.Storage;
using Sluice.Server.Agents;
using Sluice.Server.Config;
using Sluice.Server.GitHub;
using Sluice.Server.Hosting;
using Sluice.Server.Metrics;
using Sluice.Server.Mirrors;
using Sluice.Server.Reporting;

namespace Sluice.Server.Queue;

/// <summary>
/// Executes one claimed queue item with the engine — the same <see cref="RunExecutor"/> as <c>sluice run</c> — with
/// a per-job worktree of the repository's mirror, the repository's secrets (none for fork pull requests), the
/// GitHub reporter and the queue link as observers. Returns the queue state the item ends in.
/// </summary>
internal sealed class QueuedRunExecutor(
    ServerConfig config, ServerStorage storage, RunPreparation preparation, MirrorStore mirrors, GitHubClient github, ServerIdentity identity,
    ServerMetrics metrics, TimeProvider time, ILogger<QueuedRunExecutor> logger, TicketSignals? signals = null)
{
    public async Task<(QueueState State, string? Reason)> ExecuteAsync(QueueItem item, CancellationToken cancel, CancellationToken abort)
    {
        var prepared = await preparation.PrepareAsync(item, abort);
        if (prepared.Error is not null)
        {
            logger.LogWarning("queue item {Id} ({Pipeline}) cannot run: {Error}", item.Id, item.PipelineId, prepared.Error);
            return (QueueState.Error, prepared.Error);
        }

        var plan = prepared.Plan!;
        var ev = prepared.Event!;
        var repo = prepared.Repository;
        var work = Path.Combine(config.DataDir, "work", $"q{item.Id}");
        Directory.CreateDirectory(work);
        var secrets = repo is null || ev.Fork ? new Dictionary<string, string>() : new Dictionary<string, string>(repo.Secrets);
        // Deployments: environments.yml at the run's commit, the shared store, and the pull request/commit status reporter.
        var deployments = new DeploymentSettings
        {
            EnvironmentsFolder = repo is not null && ev.Sha is not null ? await mirrors.PipelineFolderAsync(repo, ev.Sha, abort) : null,
            Store = storage.Deployments,
            Notifiers = repo is null ? [] : [new PullRequestDeploymentNotifier(github, repo, ev.Sha, ev.PullRequest, config.PublicUrl ?? identity.BaseUrl)],
            // A roll back asked for on the dashboard goes like `sluice deploy rollback`: all at once, as a person's (cli) deployment.
            AllAtOnce = prepared.Rollback is not null,
            RollbackOf = prepared.Rollback?.RollbackOf,
            Source = prepared.Rollback is null ? null : TriggerSource.Cli,
        };
        var options = new RunOptions(config.MaxParallelJobs, storage.State, identity.Owner, RunOptions.DefaultKillGrace,
            Repository: item.Repository,
            JobWorkspaces: repo is not null && ev.Sha is not null ? new MirrorWorkspaces(mirrors.Git(repo), ev.Sha, Path.Combine(config.DataDir, "work")) : null,
            Deployments: deployments,
            Dispatcher: Dispatcher(item, prepared, repo is not null && ev.Sha is not null ? ev.Sha : null, ev.Fork),
            DirectExec: RunOptions.DirectExecFrom(Environment.GetEnvironmentVariable(Sluice.Engine.Execution.DirectCommand.OptOutVariable)));
        var reporter = repo is null ? null : new RunReporter(
            new ReportTarget(item.Id, repo.Name, repo.Token, ev.Sha, ev.PullRequest, plan.Pipeline.Id, plan.Pipeline.Name, PipelineEvent.KindText(ev.Kind), config.PublicUrl ?? identity.BaseUrl),
            github, storage.Comments, logger);
        var link = new RunIdRecorder(storage.Queue, item.Id);
        var timing = new JobDurationObserver(metrics);
        var observer = new RunObservers(reporter is null ? [link, timing] : [link, reporter, timing]);
        try
        {
            var request = new RunRequest(plan, ev, secrets, ev.Inputs ?? new Dictionary<string, string>(), work, options, prepared.Rerun);
            var result = await new RunExecutor(storage.Runs, observer, time).ExecuteAsync(request, cancel, abort);
            await link.FlushAsync();
            if (result.Error is not null)
            {
                return (QueueState.Error, result.Error);
            }

            return result.State switch
            {
                RunState.Succeeded => (QueueState.Succeeded, null),
                RunState.Cancelled => (QueueState.Cancelled, null),
                _ => (QueueState.Failed, null),
            };
        }
        finally
        {
            if (reporter is not null)
            {
                await reporter.CompleteAsync(TimeSpan.FromSeconds(30));
            }

            TryDelete(work);
        }
    }

    /// <summary>In agent mode every job goes to the job queue (tickets keyed by this queue item, so a resumed run adopts them).</summary>
    private QueueJobDispatcher? Dispatcher(QueueItem item, PreparedRun prepared, string? sha, bool fork) =>
        config.Agents is { } agents && prepared.PipelineYaml is { } yaml
            ? new QueueJobDispatcher(storage.Jobs, $"q{item.Id}",
                new DispatchSettings(item.Repository, sha, yaml, fork, agents.RetryBudget, agents.PickupLimit, AgentSettings.DefaultJobTimeout), signals)
            : null;

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
