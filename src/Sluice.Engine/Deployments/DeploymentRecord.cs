namespace Sluice.Engine.Deployments;

/// <summary>One recorded deployment (see <see cref="NewDeployment"/> for the request fields).</summary>
/// <param name="TrafficPercent">Share of traffic on <see cref="Version"/> after the last successful shift.</param>
/// <param name="StepIndex">Strategy steps done so far, of <see cref="StepCount"/>.</param>
/// <param name="ApprovedBy">People whose approval counted, in order.</param>
internal sealed record DeploymentRecord(
    long Id,
    string Environment,
    string Version,
    string? PreviousVersion,
    string? Sha,
    string? Ref,
    string Repository,
    string PipelineId,
    long RunId,
    string JobKey,
    string? TriggeredBy,
    string TriggerSource,
    string Strategy,
    string? Url,
    string Owner,
    long? RollbackOf,
    DeploymentState State,
    string? Reason,
    int TrafficPercent,
    int StepIndex,
    int StepCount,
    DateTimeOffset RequestedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? StopRequestedBy,
    string? StopReason)
{
    public IReadOnlyList<string> ApprovedBy { get; init; } = [];

    /// <summary>The approval it waits for right now, or null.</summary>
    public PendingApproval? PendingApproval { get; init; }
}
