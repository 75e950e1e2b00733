using Sluice.Core.Expressions;
using Sluice.Core.Planning;
using Sluice.Engine.Execution;
using Sluice.Engine.Scheduling;
using Sluice.Engine.Storage;

namespace Sluice.Engine.Runs;

/// <summary>
/// Decides, when a job's needs have ended, whether it runs: evaluates its <c>if</c> (default
/// <c>success()</c>) with the needs' results, and otherwise says why not — "needs `build` failed",
/// "`if: …` is false", "run cancelled". A failure counts through skipped jobs: if <c>build</c> failed and
/// <c>test</c> was skipped for it, <c>failure()</c> is true in a job that needs <c>test</c>.
/// </summary>
internal sealed class JobGate(RunContext run, IReadOnlyDictionary<string, PlannedJob> jobsByKey)
{
    public (JobDecision Decision, RunExpressionContext Context) Decide(PlannedJob job, IReadOnlyDictionary<string, JobResult> results)
    {
        var needs = job.Needs.Where(results.ContainsKey).Select(k => results[k]).ToList();
        var context = run.BaseExpressions
            .With("matrix", ExprValues.Strings(job.Matrix))
            .With("needs", NeedsContext(needs));
        var failed = needs.FirstOrDefault(n => IsFailure(n.Key, results));
        var cancelledNeed = needs.FirstOrDefault(n => n.State == JobState.Cancelled);
        var skipped = needs.FirstOrDefault(n => n.State == JobState.Skipped);
        var status = new JobStatus(failed is not null || cancelledNeed is not null, run.Cancelled.IsCancellationRequested);
        if (run.Aborted.IsCancellationRequested)
        {
            return (Finish(job, JobState.Cancelled, "run aborted"), context);
        }

        var condition = RunTimeExpressions.Condition(job.Definition.If, context.WithStatus(status));
        if (condition.Error is not null)
        {
            return (Finish(job, JobState.Failed, run.Masker.Apply($"`if`: {condition.Error}")), context);
        }

        if (condition.Value)
        {
            return (JobDecision.Run, context.WithStatus(status));
        }

        return (
            status.Cancelled ? Finish(job, JobState.Cancelled, "run cancelled")
            : failed is not null ? Finish(job, JobState.Skipped, $"needs `{failed.DisplayName}` failed")
            : cancelledNeed is not null ? Finish(job, JobState.Skipped, $"needs `{cancelledNeed.DisplayName}` was cancelled")
            : skipped is not null ? Finish(job, JobState.Skipped, $"needs `{skipped.DisplayName}` was skipped")
            : Finish(job, JobState.Skipped, $"`if: {job.Definition.If?.Trim()}` is false"),
            context);
    }

    /// <summary>
    /// <c>needs.&lt;job id&gt;</c>: <c>result</c> (success, failure, cancelled, skipped; for a matrix job the
    /// worst of its instances) and <c>outputs</c> (instances merged in plan order).
    /// </summary>
    internal static ExprValue NeedsContext(IEnumerable<JobResult> needs)
    {
        var byJob = new Dictionary<string, ExprValue>(StringComparer.Ordinal);
        foreach (var group in needs.GroupBy(n => n.JobId, StringComparer.Ordinal))
        {
            var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, value) in group.SelectMany(r => r.Outputs))
            {
                outputs[name] = value;
            }

            var words = group.Select(r => r.ResultWord).ToList();
            var result = words.Contains("failure") ? "failure" : words.Contains("cancelled") ? "cancelled" : words.All(w => w == "skipped") ? "skipped" : "success";
            byJob[group.Key] = ExprValues.Object(("result", ExprValue.FromString(result)), ("outputs", ExprValues.Strings(outputs)));
        }

        return ExprValue.FromObject(byJob);
    }

    private bool IsFailure(string key, IReadOnlyDictionary<string, JobResult> results)
    {
        if (!results.TryGetValue(key, out var result))
        {
            return false;
        }

        return result.State switch
        {
            JobState.Failed => !result.FailureTolerated,
            JobState.Skipped => jobsByKey.TryGetValue(key, out var job) && job.Needs.Any(n => IsFailure(n, results)),
            _ => false,
        };
    }

    private static JobDecision Finish(PlannedJob job, JobState state, string reason) =>
        new(new JobResult(job.Key, job.JobId, job.DisplayName, state, reason, 0, null, null, new Dictionary<string, string>()));
}
