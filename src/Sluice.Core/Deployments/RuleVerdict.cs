namespace Sluice.Core.Deployments;

/// <summary>
/// The rules' answer before a deployment: refused (with the reason people see) or allowed, possibly after an
/// approval and a wait. Locks are state, not rules: the engine checks them separately.
/// </summary>
public sealed record RuleVerdict(string? Refusal, ApprovalRule? Approval, TimeSpan? Wait)
{
    public bool Allowed => Refusal is null;

    public static RuleVerdict Refused(string reason) => new(reason, null, null);
}
