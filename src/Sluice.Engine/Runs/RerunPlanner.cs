using Sluice.Core.Planning;
using Sluice.Engine.Storage;

namespace Sluice.Engine.Runs;

/// <summary>
/// Chooses what a re-run runs again. With <c>failedOnly</c>, the seeds are the parent's jobs that did not end
/// well (failed, cancelled, or never finished — an interrupted run's jobs) plus planned jobs the parent did not
/// have; every job that depends on a seed runs again too (so jobs skipped because of a failure run). Every other
/// job is reused: its state, outputs and artifacts are carried over without running it. Without
/// <c>failedOnly</c> everything runs again. The plan is restricted to the parent's jobs when the parent ran a
/// subset (<c>--job</c>).
/// </summary>
internal static class RerunPlanner
{
    public static (PipelinePlan Plan, RerunSource Source) Plan(
        PipelinePlan plan, long parentRunId, IReadOnlyList<JobRecord> parentJobs, IReadOnlyList<ArtifactRecord> parentArtifacts, bool failedOnly)
    {
        var parent = parentJobs.ToDictionary(j => j.Key, StringComparer.Ordinal);
        var keys = plan.Jobs.Select(j => j.Key).Where(parent.ContainsKey).ToHashSet(StringComparer.Ordinal);
        var restricted = plan with
        {
            Jobs = plan.Jobs.Where(j => keys.Contains(j.Key)).Select(j => j with { Needs = j.Needs.Where(keys.Contains).ToList() }).ToList(),
            Skipped = plan.Skipped.Where(s => parent.ContainsKey(s.JobId)).ToList(),
        };
        if (!failedOnly)
        {
            return (restricted, new RerunSource(parentRunId, new Dictionary<string, ReusedJob>()));
        }

        var rerun = restricted.Jobs.Where(j => parent[j.Key].State is not (JobState.Succeeded or JobState.Skipped)).Select(j => j.Key).ToHashSet(StringComparer.Ordinal);
        bool grew;
        do
        {
            grew = false;
            foreach (var job in restricted.Jobs.Where(j => !rerun.Contains(j.Key) && j.Needs.Any(rerun.Contains)))
            {
                grew |= rerun.Add(job.Key);
            }
        }
        while (grew);

        var reused = new Dictionary<string, ReusedJob>(StringComparer.Ordinal);
        foreach (var job in restricted.Jobs.Where(j => !rerun.Contains(j.Key)))
        {
            var record = parent[job.Key];
            reused[job.Key] = new ReusedJob(record.State, record.Reason, record.Attempts, record.Outputs, parentArtifacts.Where(a => a.JobKey == job.Key).ToList());
        }

        return (restricted, new RerunSource(parentRunId, reused));
    }
}
