namespace Sluice.Core.Deployments;

/// <summary>
/// The approval state machine, as pure functions of the recorded decisions and the time.
/// Pending → Approved when <see cref="ApprovalRule.Required"/> distinct allowed reviewers approved;
/// Pending → Rejected on the first rejection by an allowed reviewer, or automatically at the deadline.
/// A person's first decision counts; later ones are refused. Names compare case-insensitively (GitHub logins).
/// </summary>
public static class ApprovalGate
{
    public static ApprovalEvaluation Evaluate(ApprovalRequest request, IReadOnlyList<ApprovalDecision> decisions, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(decisions);
        var counted = Counted(request, decisions);
        var approvedBy = counted.Where(d => d.Approved).Select(d => d.Reviewer).ToList();
        if (counted.FirstOrDefault(d => !d.Approved) is { } rejection)
        {
            var comment = string.IsNullOrWhiteSpace(rejection.Comment) ? "" : $": {rejection.Comment}";
            return new ApprovalEvaluation(ApprovalStatus.Rejected, approvedBy, rejection.Reviewer, $"rejected by {rejection.Reviewer}{comment}", request.Deadline);
        }

        var required = request.Rule.Required;
        if (approvedBy.Count >= required)
        {
            return new ApprovalEvaluation(ApprovalStatus.Approved, approvedBy, null, $"approved by {string.Join(", ", approvedBy)}", request.Deadline);
        }

        if (request.Deadline is { } deadline && now >= deadline)
        {
            return new ApprovalEvaluation(ApprovalStatus.Rejected, approvedBy, null,
                $"no approval within {Time.Duration.Format(request.Rule.Timeout!.Value)} ({approvedBy.Count} of {required}); rejected automatically", deadline, TimedOut: true);
        }

        var missing = required - approvedBy.Count;
        var waiting = request.Reviewers.Where(r => !approvedBy.Contains(r, StringComparer.OrdinalIgnoreCase) && MaySelfApprove(request, r)).ToList();
        return new ApprovalEvaluation(ApprovalStatus.Pending, approvedBy, null,
            $"waiting for {missing} more approval(s) ({approvedBy.Count} of {required}) from {string.Join(", ", waiting)}", request.Deadline);
    }

    /// <summary>Whether <paramref name="decision"/> may be recorded now; null when it may, else why not (shown to the person).</summary>
    public static string? Check(ApprovalRequest request, IReadOnlyList<ApprovalDecision> existing, ApprovalDecision decision)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(decision);
        if (!IsReviewer(request, decision.Reviewer))
        {
            return $"{decision.Reviewer} is not a reviewer of this environment (reviewers: {string.Join(", ", request.Reviewers)})";
        }

        if (!MaySelfApprove(request, decision.Reviewer))
        {
            return $"{decision.Reviewer} triggered this deployment and may not approve it (self-approval is off)";
        }

        if (existing.Any(d => Same(d.Reviewer, decision.Reviewer)))
        {
            return $"{decision.Reviewer} has already decided on this deployment";
        }

        var state = Evaluate(request, existing, decision.At);
        return state.Status == ApprovalStatus.Pending ? null : $"the approval is already decided: {state.Summary}";
    }

    private static List<ApprovalDecision> Counted(ApprovalRequest request, IReadOnlyList<ApprovalDecision> decisions)
    {
        var counted = new List<ApprovalDecision>();
        foreach (var decision in decisions.OrderBy(d => d.At))
        {
            var late = request.Deadline is { } deadline && decision.At >= deadline;
            if (!late && IsReviewer(request, decision.Reviewer) && MaySelfApprove(request, decision.Reviewer) && !counted.Any(c => Same(c.Reviewer, decision.Reviewer)))
            {
                counted.Add(decision);
            }
        }

        return counted;
    }

    private static bool IsReviewer(ApprovalRequest request, string person) => request.Reviewers.Count == 0 || request.Reviewers.Any(r => Same(r, person));

    private static bool MaySelfApprove(ApprovalRequest request, string person) =>
        request.Rule.SelfApproval || request.TriggeredBy is null || !Same(request.TriggeredBy, person);

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
