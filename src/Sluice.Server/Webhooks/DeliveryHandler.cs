using System.Text;
using Sluice.Core.Events;
using Sluice.Server.ChatOps;
using Sluice.Server.Config;
using Sluice.Server.Inbox;
using Sluice.Server.Mirrors;

namespace Sluice.Server.Webhooks;

/// <summary>
/// Processes one stored delivery: builds the planner event from the payload and the mirror (commits fetched, changed
/// files computed), plans it and returns the runs to enqueue. Changed files: a push is <c>before..after</c>; a new
/// branch is compared with its merge base on the default branch; a pull request with the merge base of base and head.
/// A tag's <c>push</c> and <c>create</c> deduplicate on the tag and its commit, so a tag runs once.
/// </summary>
internal sealed class DeliveryHandler(ServerConfig config, MirrorStore mirrors, EventPlanning planning, ChatOpsHandler chatOps)
{
    public async Task<DeliveryOutcome> HandleAsync(InboxEntry entry, CancellationToken cancellationToken)
    {
        var repo = config.FindRepository(entry.Repository);
        if (repo is null)
        {
            return DeliveryOutcome.Nothing($"repository `{entry.Repository}` is no longer configured");
        }

        var parsed = WebhookParser.Parse(entry.Event, Encoding.UTF8.GetBytes(entry.Body));
        if (parsed.Error is not null || parsed.Ignored is not null)
        {
            return DeliveryOutcome.Nothing(parsed.Error ?? parsed.Ignored!);
        }

        return parsed.Kind switch
        {
            WebhookKind.Push => await PushAsync(repo, parsed.Push!, entry.DeliveryId, cancellationToken),
            WebhookKind.PullRequest => await PullRequestAsync(repo, parsed.PullRequest!, entry.DeliveryId, cancellationToken),
            WebhookKind.Create => await TagAsync(repo, parsed.Create!.Ref, null, parsed.Create.Actor, entry.DeliveryId, cancellationToken),
            WebhookKind.IssueComment => await chatOps.HandleAsync(repo, parsed.Comment!, entry.DeliveryId, cancellationToken),
            _ => DeliveryOutcome.Nothing("nothing to do"),
        };
    }

    private async Task<DeliveryOutcome> PushAsync(RepositoryConfig repo, PushPayload push, string deliveryId, CancellationToken cancellationToken)
    {
        if (push.Tag is { } tag)
        {
            return push.Deleted
                ? DeliveryOutcome.Nothing($"tag `{tag}` was deleted; deletions start nothing")
                : await TagAsync(repo, tag, push.After, push.Actor, deliveryId, cancellationToken);
        }

        var branch = push.Branch!;
        if (push.Deleted)
        {
            return DeliveryOutcome.Nothing($"branch `{branch}` was deleted; deletions start nothing");
        }

        var missing = await mirrors.EnsureCommitsAsync(repo, [push.After], null, cancellationToken);
        if (missing is not null)
        {
            return DeliveryOutcome.Failed(missing);
        }

        string? baseSha = null;
        if (push.IsNew)
        {
            // A new branch: what it adds over the default branch. The default branch itself, new, changed everything.
            var defaultBranch = push.DefaultBranch ?? repo.DefaultBranch;
            var head = branch == defaultBranch ? null : await mirrors.ResolveAsync(repo, "refs/heads/" + defaultBranch, fetch: false, cancellationToken);
            baseSha = head is null ? null : await mirrors.MergeBaseAsync(repo, head, push.After, cancellationToken);
        }
        else if ((await mirrors.EnsureCommitsAsync(repo, [push.Before], null, cancellationToken)) is null)
        {
            baseSha = push.Before;
        }

        var changed = baseSha is null ? null : await mirrors.ChangedFilesAsync(repo, baseSha, push.After, cancellationToken);
        var ev = new PipelineEvent(EventKind.Push, Branch: branch, Sha: push.After, BaseSha: baseSha, ChangedFiles: changed, Actor: push.Actor, Repository: repo.Name);
        var outcome = await planning.PlanAsync(repo, ev, "delivery:" + deliveryId, deliveryId, cancellationToken);
        return push.Forced ? outcome with { Summary = "force push; " + outcome.Summary } : outcome;
    }

    private async Task<DeliveryOutcome> TagAsync(RepositoryConfig repo, string tag, string? sha, string? actor, string deliveryId, CancellationToken cancellationToken)
    {
        if (sha is null)
        {
            // `create` carries no sha: the tag is resolved in the freshly fetched mirror.
            sha = await mirrors.ResolveAsync(repo, "refs/tags/" + tag, fetch: true, cancellationToken);
            if (sha is null)
            {
                return DeliveryOutcome.Failed($"tag `{tag}` not found in {repo.Name}");
            }
        }
        else if (await mirrors.EnsureCommitsAsync(repo, [sha], null, cancellationToken) is { } missing)
        {
            return DeliveryOutcome.Failed(missing);
        }

        sha = await mirrors.ResolveAsync(repo, sha, fetch: false, cancellationToken) ?? sha;
        var ev = new PipelineEvent(EventKind.Tag, Tag: tag, Sha: sha, Actor: actor, Repository: repo.Name);
        return await planning.PlanAsync(repo, ev, $"tag:{tag}@{sha}", deliveryId, cancellationToken);
    }

    private async Task<DeliveryOutcome> PullRequestAsync(RepositoryConfig repo, PullRequestPayload pr, string deliveryId, CancellationToken cancellationToken)
    {
        var missing = await mirrors.EnsureCommitsAsync(repo, [pr.HeadSha, pr.BaseSha], pr.Number, cancellationToken);
        if (missing is not null)
        {
            return DeliveryOutcome.Failed(missing);
        }

        var mergeBase = await mirrors.MergeBaseAsync(repo, pr.BaseSha, pr.HeadSha, cancellationToken);
        var changed = mergeBase is null ? null : await mirrors.ChangedFilesAsync(repo, mergeBase, pr.HeadSha, cancellationToken);
        var ev = new PipelineEvent(EventKind.PullRequest, Branch: pr.HeadRef, Sha: pr.HeadSha, BaseSha: mergeBase, BaseBranch: pr.BaseRef,
            ChangedFiles: changed, Actor: pr.Actor, PullRequest: pr.Number, Fork: pr.IsFork, PullRequestAction: pr.Action, Merged: pr.Merged,
            Repository: repo.Name);
        return await planning.PlanAsync(repo, ev, "delivery:" + deliveryId, deliveryId, cancellationToken);
    }
}
