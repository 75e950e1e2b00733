namespace Sluice.Server.Queue;

/// <summary>A queued, running or finished run request.</summary>
/// <param name="RunId">The run in the history once started.</param>
/// <param name="PreviousRunId">The run an earlier server process started and did not finish; resumed with a re-run of its unfinished jobs.</param>
internal sealed record QueueItem(
    long Id,
    string Repository,
    string PipelineId,
    QueueKind Kind,
    string EventJson,
    string? Payload,
    string? ConcurrencyGroup,
    bool CancelInProgress,
    int? PullRequest,
    string? Sha,
    QueueState State,
    long? RunId,
    long? PreviousRunId,
    string? Owner,
    bool CancelRequested,
    string? Reason,
    string? DeliveryId,
    string? RequestedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt)
{
    public bool IsTerminal => State is QueueState.Succeeded or QueueState.Failed or QueueState.Cancelled or QueueState.Error;
}
