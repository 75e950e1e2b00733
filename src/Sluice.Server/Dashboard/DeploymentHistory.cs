using System.Collections.Concurrent;
using Sluice.Engine.Storage;
using Sluice.Server.Config;
using Sluice.Server.Mirrors;
using Sluice.Server.Queue;

namespace Sluice.Server.Dashboard;

/// <summary>
/// Deployments as the run history records them, until the deployment store arrives: a deployment is a job whose
/// pipeline (at the run's commit, read from the mirror) gives it an <c>environment:</c>. Which jobs target which
/// environment is cached per repository, commit and pipeline; the newest <see cref="Window"/> runs are scanned.
/// </summary>
internal sealed class DeploymentHistory(IRunStore runs, IRunQueue queue, ServerConfig config, MirrorStore mirrors)
{
    public const int Window = 300;
    public const int HistoryLength = 20;

    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> targets = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<EnvironmentView>> ListAsync(CancellationToken ct)
    {
        var entries = new List<DeploymentEntry>();
        foreach (var run in await runs.ListRunsAsync(new RunQuery(Window), ct))
        {
            var environments = await TargetsAsync(run.Repository, run.Sha, run.PipelineId, ct);
            if (environments.Count == 0)
            {
                continue;
            }

            foreach (var job in await runs.GetJobsAsync(run.Id, ct))
            {
                if (environments.TryGetValue(job.JobId, out var environment))
                {
                    entries.Add(new DeploymentEntry(run.Repository, environment, run, job));
                }
            }
        }

        var waiting = new List<(QueueItem Item, string Environment)>();
        foreach (var state in new[] { QueueState.AwaitingApproval, QueueState.Queued })
        {
            foreach (var item in await queue.ListAsync(new QueueQuery(100, State: state), ct))
            {
                foreach (var environment in (await TargetsAsync(item.Repository, item.Sha, item.PipelineId, ct)).Values.Distinct(StringComparer.Ordinal))
                {
                    waiting.Add((item, environment));
                }
            }
        }

        return entries.Select(e => (e.Repository, e.Environment)).Concat(waiting.Select(w => (w.Item.Repository, w.Environment))).Distinct()
            .OrderBy(k => k.Repository, StringComparer.OrdinalIgnoreCase).ThenBy(k => k.Environment, StringComparer.Ordinal)
            .Select(k =>
            {
                var mine = entries.Where(e => e.Repository == k.Repository && e.Environment == k.Environment).ToList();
                return new EnvironmentView(k.Repository, k.Environment,
                    mine.FirstOrDefault(e => e.Job.State == JobState.Succeeded),
                    mine.Where(e => !e.Job.State.IsTerminal()).ToList(),
                    waiting.Where(w => w.Item.Repository == k.Repository && w.Environment == k.Environment).Select(w => w.Item).OrderBy(i => i.Id).ToList(),
                    mine.Where(e => e.Job.State.IsTerminal()).Take(HistoryLength).ToList());
            })
            .ToList();
    }

    /// <summary>Job id to environment for a pipeline at a commit; empty when unknown (no mirror, ad-hoc jobs, no such pipeline).</summary>
    private async Task<IReadOnlyDictionary<string, string>> TargetsAsync(string repository, string? sha, string pipelineId, CancellationToken ct)
    {
        var repo = config.FindRepository(repository);
        if (repo is null || sha is null)
        {
            return new Dictionary<string, string>();
        }

        var key = $"{repo.Name}@{sha}#{pipelineId}";
        if (targets.TryGetValue(key, out var known))
        {
            return known;
        }

        var set = Directory.Exists(mirrors.PathOf(repo)) ? await mirrors.LoadPipelinesAsync(repo, sha, ct) : null;
        var pipeline = set?.Pipelines.FirstOrDefault(p => p.Id == pipelineId);
        IReadOnlyDictionary<string, string> found = pipeline is null
            ? new Dictionary<string, string>()
            : pipeline.Jobs.Where(j => !string.IsNullOrWhiteSpace(j.Environment)).ToDictionary(j => j.Id, j => j.Environment!, StringComparer.Ordinal);
        return set is null ? found : targets.GetOrAdd(key, found);
    }
}
