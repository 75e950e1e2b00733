namespace Sluice.Core.Deployments;

/// <summary>Moments a deployment is announced (to webhooks, pull requests and statuses).</summary>
public enum DeploymentNotice
{
    Waiting,
    Started,
    Succeeded,
    Failed,
    RolledBack,
}
