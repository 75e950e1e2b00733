namespace Sluice.Engine.Deployments;

/// <summary>The answer to an approve or reject: recorded or not, a sentence for the person, and the deployment concerned (when found).</summary>
internal sealed record DecisionOutcome(bool Recorded, string Message, DeploymentRecord? Deployment);
