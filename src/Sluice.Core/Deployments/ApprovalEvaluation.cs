namespace Sluice.Core.Deployments;

/// <summary>Where an approval stands: the status, who approved so far, and a sentence for people.</summary>
/// <param name="Deadline">When a pending approval is rejected automatically, or null without a timeout.</param>
/// <param name="TimedOut">Rejected because nobody decided before the deadline.</param>
public sealed record ApprovalEvaluation(
    ApprovalStatus Status,
    IReadOnlyList<string> ApprovedBy,
    string? RejectedBy,
    string Summary,
    DateTimeOffset? Deadline,
    bool TimedOut = false);
