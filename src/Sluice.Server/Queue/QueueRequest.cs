namespace Sluice.Server.Queue;

/// <summary>A run to enqueue.</summary>
/// <param name="EventJson">The planner event (<c>EventJson.Serialize</c>).</param>
/// <param name="Payload">Kind-specific: a re-run's <see cref="RerunPayload"/> or an ad-hoc job's pipeline YAML.</param>
/// <param name="DedupeKey">Unique per repository when set: a second request with the same key is dropped.</param>
/// <param name="ConcurrencyGroup">Already evaluated and scoped by repository; runs of one group never overlap.</param>
/// <param name="CancelInProgress">Enqueuing cancels the group's older queued and running runs.</param>
/// <param name="AwaitingApproval">A fork pull request's run that waits for <c>/sluice approve</c>.</param>
internal sealed record QueueRequest(
    string Repository,
    string PipelineId,
    QueueKind Kind,
    string EventJson,
    string? Payload = null,
    string? DedupeKey = null,
    string? ConcurrencyGroup = null,
    bool CancelInProgress = false,
    int? PullRequest = null,
    string? Sha = null,
    bool AwaitingApproval = false,
    string? DeliveryId = null,
    string? RequestedBy = null);
