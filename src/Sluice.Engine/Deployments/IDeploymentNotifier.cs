namespace Sluice.Engine.Deployments;

/// <summary>
/// Receives deployment notifications (waiting for approval, started, succeeded, failed, rolled back). The webhook of
/// <c>environments.yml</c> is one; the server adds its own (pull request comment and commit status).
/// Contract: best effort and quick; a notifier reports its own failures as values and never throws into a deployment.
/// </summary>
internal interface IDeploymentNotifier
{
    /// <returns>Null when delivered, else a one-line problem the deployment's log shows as a warning.</returns>
    Task<string?> NotifyAsync(DeploymentNotification notification, CancellationToken cancellationToken);
}
