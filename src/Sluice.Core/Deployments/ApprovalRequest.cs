namespace Sluice.Core.Deployments;

/// <summary>
/// An approval being waited for: the rule, who may decide (teams expanded; an empty list means anyone, as for a
/// <c>pause: until-approved</c> step in an environment without an approval rule), who triggered it and since when.
/// </summary>
public sealed record ApprovalRequest(ApprovalRule Rule, IReadOnlyList<string> Reviewers, string? TriggeredBy, DateTimeOffset RequestedAt)
{
    public DateTimeOffset? Deadline => Rule.Timeout is { } timeout ? RequestedAt + timeout : null;
}
