using Sluice.Core.Deployments;

namespace Sluice.Engine.Deployments;

/// <summary>Something people should hear about a deployment, with the sentence to show them.</summary>
internal sealed record DeploymentNotification(DeploymentNotice Notice, DeploymentRecord Deployment, string Text);
