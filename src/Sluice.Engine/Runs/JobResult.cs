using Sluice.Engine.Storage;

namespace Sluice.Engine.Runs;

/// <summary>
/// How one job instance ended. <see cref="FailureTolerated"/> marks a failed job with
/// <c>continue-on-error</c>: it is reported as failed but counts as a success for the jobs that need
/// it and for the run's result.
/// </summary>
internal sealed record JobResult(
    string Key,
    string JobId,
    string DisplayName,
    JobState State,
    string? Reason,
    int Attempts,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    IReadOnlyDictionary<string, string> Outputs,
    bool FailureTolerated = false)
{
    /// <summary>The Markdown the job wrote to <c>$SLUICE_SUMMARY</c> (masked).</summary>
    public string Summary { get; init; } = "";

    /// <summary>Carried over from the parent run by a re-run, not executed.</summary>
    public bool Reused { get; init; }

    /// <summary>True when dependents see this job as successful (<c>success()</c>, <c>needs.x.result == 'success'</c>).</summary>
    public bool CountsAsSuccess => State == JobState.Succeeded || (State == JobState.Failed && FailureTolerated);

    public TimeSpan? Duration => StartedAt is { } s && FinishedAt is { } f ? f - s : null;

    /// <summary>GitHub's result words: success, failure, cancelled, skipped.</summary>
    public string ResultWord => State switch
    {
        _ when CountsAsSuccess => "success",
        JobState.Failed => "failure",
        JobState.Cancelled => "cancelled",
        JobState.Skipped => "skipped",
        _ => "pending",
    };
}
