using Microsoft.Extensions.Logging;
using Sluice.Core.Events;
using Sluice.Core.Planning;
using Sluice.Engine.Deployments;
using Sluice.Server.Config;
using Sluice.Server.GitHub;
using Sluice.Server.Mirrors;
using Sluice.Server.Queue;
using Sluice.Server.Webhooks;

namespace Sluice.Server.ChatOps;

/// <summary>
/// Pull request comments as commands: <c>/sluice run|rerun|cancel|approve|help</c> and the pipelines' own
/// <c>on.comment</c> commands (<c>/deploy staging</c>). Only <c>author_association</c>s in the repository's allow-list
/// may command; others get a polite refusal. Commands run on the pull request's head commit. An unknown
/// <c>/sluice</c> sub-command, or a slash command that looks like a pipeline's but does not match, gets help.
/// Plain comments and unrelated slash words (<c>/cc</c>) are left alone. <c>/approve [comment]</c> and
/// <c>/reject [why]</c> (unless a pipeline defines them) decide the deployments of the pull request's runs that wait for
/// people, as the commenter: the environment's rule decides whether the decision counts (reviewers, self-approval).
/// </summary>
internal sealed class ChatOpsHandler(
    GitHubClient github, MirrorStore mirrors, EventPlanning planning, IRunQueue queue, QueueCommands commands, IDeploymentCommands deployments,
    ILogger<ChatOpsHandler> logger)
{
    public async Task<DeliveryOutcome> HandleAsync(RepositoryConfig repo, CommentPayload comment, string deliveryId, CancellationToken cancellationToken)
    {
        var command = SluiceCommand.Parse(comment.Body);
        if (command is null)
        {
            return DeliveryOutcome.Nothing("not a command");
        }

        var pr = await github.GetPullRequestAsync(repo.Name, repo.Token, comment.Number, cancellationToken);
        if (!pr.Ok)
        {
            return DeliveryOutcome.Failed($"cannot read pull request #{comment.Number}: {pr.Error}");
        }

        var head = pr.Value!;
        var missing = await mirrors.EnsureCommitsAsync(repo, [head.HeadSha], comment.Number, cancellationToken);
        if (missing is not null)
        {
            return DeliveryOutcome.Failed(missing);
        }

        var pipelines = (await mirrors.LoadPipelinesAsync(repo, head.HeadSha, cancellationToken))?.Pipelines ?? [];
        var commentEvent = new PipelineEvent(EventKind.Comment, Branch: head.HeadRef, Sha: head.HeadSha, BaseBranch: head.BaseRef, Actor: comment.Author,
            PullRequest: comment.Number, Fork: head.IsFork, Comment: comment.Body, Repository: repo.Name);
        var pipelineMatches = command.IsSluice ? [] : Planner.Plan(pipelines, commentEvent).Matched.ToList();
        var known = pipelines.SelectMany(p => p.On.Comment?.Commands ?? []).ToList();
        var decision = !command.IsSluice && command.Name is "/approve" or "/reject" && !known.Any(k => k.Split(' ')[0] == command.Name);
        if (decision)
        {
            return repo.MayComment(comment.AuthorAssociation)
                ? await DecideDeploymentsAsync(repo, comment, command, cancellationToken)
                : DeliveryOutcome.Nothing($"refused `{command.Name}` from {comment.Author} ({comment.AuthorAssociation})");
        }

        if (!command.IsSluice && pipelineMatches.Count == 0 && !known.Any(k => k.Split(' ')[0] == command.Name))
        {
            return DeliveryOutcome.Nothing($"`{command.Name}` is not a Sluice command");
        }

        if (!repo.MayComment(comment.AuthorAssociation))
        {
            await ReplyAsync(repo, comment.Number,
                $"Sorry @{comment.Author}, only {string.Join(", ", repo.AllowedCommenters)} may run Sluice commands on this repository " +
                $"(you are {comment.AuthorAssociation}). A maintainer can run it for you.", cancellationToken);
            return DeliveryOutcome.Nothing($"refused `{command.Name}` from {comment.Author} ({comment.AuthorAssociation})");
        }

        if (!command.IsSluice)
        {
            if (pipelineMatches.Count == 0)
            {
                await ReplyAsync(repo, comment.Number, SluiceCommand.Help(known, $"`{command.Line}` matches no command."), cancellationToken);
                return DeliveryOutcome.Nothing("help sent");
            }

            return await planning.PlanAsync(repo, commentEvent, "delivery:" + deliveryId, deliveryId, cancellationToken);
        }

        switch (command.Verb)
        {
            case "run":
                return await RunAsync(repo, command, commentEvent, pipelines.Select(p => p.Id).ToList(), deliveryId, cancellationToken);
            case "rerun":
                return await RerunAsync(repo, comment, command.Arguments.Contains("failed"), cancellationToken);
            case "cancel":
                var active = await ActiveAsync(repo, comment.Number, cancellationToken);
                foreach (var item in active)
                {
                    await commands.CancelAsync(item.Id, $"cancelled by {comment.Author}", cancellationToken);
                }

                await ReplyAsync(repo, comment.Number, active.Count == 0 ? "Nothing to cancel: no run is queued or running for this pull request."
                    : $"Cancelled {active.Count} run(s) at the request of @{comment.Author}.", cancellationToken);
                return DeliveryOutcome.Nothing($"cancelled {active.Count} run(s)");
            case "approve":
                var waiting = (await ActiveAsync(repo, comment.Number, cancellationToken)).Where(i => i.State == QueueState.AwaitingApproval).ToList();
                foreach (var item in waiting)
                {
                    await commands.ApproveAsync(item.Id, comment.Author, cancellationToken);
                }

                return DeliveryOutcome.Nothing($"approved {waiting.Count} run(s)");
            default:
                await ReplyAsync(repo, comment.Number, SluiceCommand.Help(known, command.Verb is null ? null : $"`/sluice {command.Verb}` is not a command."), cancellationToken);
                return DeliveryOutcome.Nothing("help sent");
        }
    }

    private async Task<DeliveryOutcome> RunAsync(RepositoryConfig repo, SluiceCommand command, PipelineEvent commentEvent, IReadOnlyList<string> pipelineIds, string deliveryId, CancellationToken cancellationToken)
    {
        var name = command.Arguments.FirstOrDefault(a => !a.Contains('=', StringComparison.Ordinal));
        if (name is null || !pipelineIds.Contains(name))
        {
            await ReplyAsync(repo, commentEvent.PullRequest!.Value,
                $"Which pipeline? Use `/sluice run <pipeline> [name=value ...]` with one of: {string.Join(", ", pipelineIds.Select(p => $"`{p}`"))}.", cancellationToken);
            return DeliveryOutcome.Nothing("run: unknown pipeline");
        }

        var inputs = command.Arguments.Where(a => a.Contains('=', StringComparison.Ordinal))
            .Select(a => a.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        var ev = commentEvent with { Kind = EventKind.Manual, Pipeline = name, Inputs = inputs, Comment = null };
        var outcome = await planning.PlanAsync(repo, ev, "delivery:" + deliveryId, deliveryId, cancellationToken, force: true);
        if (outcome.Runs.Count == 0)
        {
            await ReplyAsync(repo, commentEvent.PullRequest!.Value, $"Could not run `{name}`: {outcome.Summary}", cancellationToken);
        }

        return outcome;
    }

    private async Task<DeliveryOutcome> RerunAsync(RepositoryConfig repo, CommentPayload comment, bool failedOnly, CancellationToken cancellationToken)
    {
        var items = await queue.ListAsync(new QueueQuery(200, repo.Name, comment.Number), cancellationToken);
        var latest = items.Where(i => i.RunId is not null && i.IsTerminal).GroupBy(i => i.PipelineId).Select(g => g.First()).ToList();
        var queued = new List<long>();
        foreach (var item in latest)
        {
            if (await commands.RerunAsync(item.RunId!.Value, failedOnly, comment.Author, cancellationToken) is { } id)
            {
                queued.Add(id);
            }
        }

        if (queued.Count == 0)
        {
            await ReplyAsync(repo, comment.Number, "Nothing to re-run: no finished run for this pull request.", cancellationToken);
        }

        return DeliveryOutcome.Nothing($"re-run{(failedOnly ? " (failed jobs)" : "")} queued: {queued.Count}");
    }

    private async Task<DeliveryOutcome> DecideDeploymentsAsync(RepositoryConfig repo, CommentPayload comment, SluiceCommand command, CancellationToken cancellationToken)
    {
        var approve = command.Name == "/approve";
        var runIds = (await queue.ListAsync(new QueueQuery(200, repo.Name, comment.Number), cancellationToken))
            .Where(i => !i.IsTerminal && i.RunId is not null).Select(i => i.RunId!.Value).ToList();
        var waiting = await deployments.PendingAsync(runIds, cancellationToken);
        if (waiting.Count == 0)
        {
            await ReplyAsync(repo, comment.Number, "No deployment of this pull request is waiting for approval.", cancellationToken);
            return DeliveryOutcome.Nothing("no deployment waits");
        }

        var note = command.Arguments.Count == 0 ? null : string.Join(' ', command.Arguments);
        var lines = new List<string>();
        foreach (var deployment in waiting)
        {
            var outcome = await deployments.DecideAsync(deployment.Id, comment.Author, approve, note, cancellationToken);
            lines.Add(outcome.Recorded ? $"- {outcome.Message}" : $"- deployment #{deployment.Id} to {deployment.Environment}: not recorded, {outcome.Message}");
        }

        await ReplyAsync(repo, comment.Number, string.Join('\n', lines), cancellationToken);
        return DeliveryOutcome.Nothing($"{command.Name}: {waiting.Count} deployment(s)");
    }

    private async Task<List<QueueItem>> ActiveAsync(RepositoryConfig repo, int number, CancellationToken cancellationToken) =>
        (await queue.ListAsync(new QueueQuery(200, repo.Name, number), cancellationToken)).Where(i => !i.IsTerminal).ToList();

    private async Task ReplyAsync(RepositoryConfig repo, int number, string text, CancellationToken cancellationToken)
    {
        var result = await github.CreateCommentAsync(repo.Name, repo.Token, number, text, cancellationToken);
        if (!result.Ok)
        {
            logger.LogWarning("could not reply on {Repository}#{Number}: {Error}", repo.Name, number, result.Error);
        }
    }
}
