namespace Sluice.Core.Deployments;

/// <summary>One person's decision on a deployment (approve or reject), as recorded.</summary>
public sealed record ApprovalDecision(string Reviewer, bool Approved, string? Comment, DateTimeOffset At);
