using Sluice.Engine.Runs;
using Sluice.Engine.Storage;

namespace Sluice.Engine.Dispatch;

/// <summary>How a needed job ended, as much as the worker needs for <c>needs.&lt;id&gt;.result/outputs</c>.</summary>
internal sealed record NeedResult(string Key, string JobId, string DisplayName, JobState State, bool FailureTolerated, IReadOnlyDictionary<string, string> Outputs)
{
    public static NeedResult From(JobResult result) =>
        new(result.Key, result.JobId, result.DisplayName, result.State, result.FailureTolerated, result.Outputs);

    public JobResult ToResult() => new(Key, JobId, DisplayName, State, null, 0, null, null, Outputs, FailureTolerated);
}
