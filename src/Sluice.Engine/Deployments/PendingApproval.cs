using Sluice.Core.Deployments;

namespace Sluice.Engine.Deployments;

/// <summary>The approval a deployment waits for: at which gate (0 = the environment's approval, n = strategy step n) and under which rule.</summary>
internal sealed record PendingApproval(int Gate, ApprovalRequest Request);
