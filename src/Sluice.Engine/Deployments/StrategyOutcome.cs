namespace Sluice.Engine.Deployments;

/// <summary>How a strategy ended: Succeeded, RolledBack (traffic back on the previous version), or Failed (the roll back itself failed).</summary>
internal sealed record StrategyOutcome(DeploymentState State, string? Reason, int TrafficPercent);
