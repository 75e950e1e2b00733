using Sluice.Engine.Runs;
using Sluice.Engine.Storage;

namespace Sluice.Engine.Dispatch;

/// <summary>A worker's report on a job it ran (the ticket's <see cref="DispatchedJob.ResultJson"/>): the job's result and the artifacts it kept.</summary>
internal sealed record JobReport(
    JobState State,
    string? Reason,
    int Attempts,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    IReadOnlyDictionary<string, string> Outputs,
    bool FailureTolerated,
    string Summary,
    IReadOnlyList<ArtifactRecord> Artifacts)
{
    public static JobReport From(JobResult result, IReadOnlyList<ArtifactRecord> artifacts) =>
        new(result.State, result.Reason, result.Attempts, result.StartedAt, result.FinishedAt, result.Outputs, result.FailureTolerated, result.Summary, artifacts);
}
