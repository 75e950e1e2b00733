using Sluice.Core.Deployments;
using Sluice.Engine.Deployments;
using Sluice.Server.Config;
using Sluice.Server.GitHub;

namespace Sluice.Server.Reporting;

/// <summary>
/// Reports a run's deployments on GitHub: a commit status per environment (<c>sluice/deploy/&lt;env&gt;</c>) at every
/// notice, and on the pull request (when there is one) a comment when a deployment waits for approval (how to answer:
/// <c>/approve</c>, <c>/reject</c>), is rolled back or fails. Problems come back as values for the job's log.
/// </summary>
internal sealed class PullRequestDeploymentNotifier(GitHubClient github, RepositoryConfig repo, string? sha, int? pullRequest, string? targetUrl) : IDeploymentNotifier
{
    public async Task<string?> NotifyAsync(DeploymentNotification notification, CancellationToken cancellationToken)
    {
        var d = notification.Deployment;
        var problems = new List<string>();
        if (sha is not null)
        {
            var state = notification.Notice switch
            {
                DeploymentNotice.Succeeded => "success",
                DeploymentNotice.Failed or DeploymentNotice.RolledBack => "failure",
                _ => "pending",
            };
            var description = notification.Text.Length <= 140 ? notification.Text : notification.Text[..139] + "…";
            var status = await github.CreateStatusAsync(repo.Name, repo.Token, sha, new CommitStatus(state, $"sluice/deploy/{d.Environment}", description, targetUrl), cancellationToken);
            if (!status.Ok)
            {
                problems.Add($"commit status: {status.Error}");
            }
        }

        if (pullRequest is { } number && notification.Notice is DeploymentNotice.Waiting or DeploymentNotice.RolledBack or DeploymentNotice.Failed)
        {
            var body = notification.Notice == DeploymentNotice.Waiting
                ? $"⏸ **{d.Environment}**: {notification.Text}\n\nA reviewer of `{d.Environment}` can answer with a comment: `/approve` or `/reject <why>`."
                : $"↩️ **{d.Environment}**: {notification.Text}";
            var comment = await github.CreateCommentAsync(repo.Name, repo.Token, number, body, cancellationToken);
            if (!comment.Ok)
            {
                problems.Add($"pull request comment: {comment.Error}");
            }
        }

        return problems.Count == 0 ? null : string.Join("; ", problems);
    }
}
