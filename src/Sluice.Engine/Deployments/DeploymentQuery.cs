namespace Sluice.Engine.Deployments;

/// <summary>Which deployments to list, newest first: one environment or all, only active ones, at most <see cref="Limit"/>.</summary>
internal sealed record DeploymentQuery(string? Environment = null, bool ActiveOnly = false, int Limit = 20);
