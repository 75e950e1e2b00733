namespace Sluice.Core.Deployments;

/// <summary>
/// <c>approval:</c> <see cref="Required"/> distinct people among <see cref="Reviewers"/> (and members of
/// <see cref="Teams"/>) must approve; one rejection rejects. Without a decision within <see cref="Timeout"/>
/// the deployment is rejected automatically. Unless <see cref="SelfApproval"/>, the person who triggered the
/// deployment cannot approve it (their approval is refused, not counted).
/// </summary>
public sealed record ApprovalRule(
    IReadOnlyList<string> Reviewers,
    IReadOnlyList<string> Teams,
    int Required,
    TimeSpan? Timeout,
    bool SelfApproval)
{
    /// <summary>One approval from anyone, the triggering person included: <c>pause: until-approved</c> without an approval rule.</summary>
    public static ApprovalRule Anyone { get; } = new([], [], 1, null, true);
}
