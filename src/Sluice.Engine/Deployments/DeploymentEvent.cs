namespace Sluice.Engine.Deployments;

/// <summary>One line of a deployment's trail: a state change or a strategy step (<c>shift</c>, <c>check-failed</c>, <c>rollback</c>, ...).</summary>
internal sealed record DeploymentEvent(long DeploymentId, DateTimeOffset At, string Kind, int? TrafficPercent, string Message);
