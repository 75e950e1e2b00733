using Sluice.Core.Planning;
using Sluice.Engine.Runs;
using Sluice.Engine.Storage;

namespace Sluice.Engine.Deployments;

/// <summary>
/// Plans <c>sluice deploy rollback</c>: a new run (child of the run that made the good deployment) that runs only the
/// deploying job again, at that run's commit, with the outputs and artifacts of the jobs it needs carried over from
/// that run instead of running them — so the very version that was deployed is deployed again.
/// </summary>
internal static class RollbackPlanner
{
    public static (PipelinePlan? Plan, RerunSource? Source, string? Problem) Plan(
        PipelinePlan plan, DeploymentRecord target, IReadOnlyList<JobRecord> parentJobs, IReadOnlyList<ArtifactRecord> parentArtifacts)
    {
        var byKey = plan.Jobs.ToDictionary(j => j.Key, StringComparer.Ordinal);
        if (!byKey.ContainsKey(target.JobKey))
        {
            return (null, null, $"the pipeline `{plan.Pipeline.Id}` has no job `{target.JobKey}` any more");
        }

        var keep = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([target.JobKey]);
        while (pending.TryPop(out var key))
        {
            if (keep.Add(key) && byKey.TryGetValue(key, out var job))
            {
                foreach (var need in job.Needs)
                {
                    pending.Push(need);
                }
            }
        }

        var parent = parentJobs.ToDictionary(j => j.Key, StringComparer.Ordinal);
        var reused = new Dictionary<string, ReusedJob>(StringComparer.Ordinal);
        foreach (var key in keep.Where(k => k != target.JobKey))
        {
            if (!parent.TryGetValue(key, out var record) || record.State != JobState.Succeeded)
            {
                return (null, null, $"job `{key}` of run #{target.RunId}, which `{target.JobKey}` needs, did not succeed there; its outputs cannot be reused");
            }

            reused[key] = new ReusedJob(record.State, record.Reason, record.Attempts, record.Outputs, parentArtifacts.Where(a => a.JobKey == key).ToList());
        }

        var restricted = plan with
        {
            Jobs = plan.Jobs.Where(j => keep.Contains(j.Key)).ToList(),
            Skipped = [],
        };
        return (restricted, new RerunSource(target.RunId, reused), null);
    }
}
