using System.CommandLine;
using Sluice.Core.Events;
using Sluice.Engine.Git;

namespace Sluice.Cli.Events;

/// <summary>
/// The flags that describe an event (<c>--event push --branch main --changed a,b</c> ...), shared by
/// <c>sluice plan</c> and <c>sluice run</c> so both simulate events the same way.
/// </summary>
internal sealed class EventOptions
{
    public Option<string> Event { get; } = new("--event") { Description = "Event kind: push, pull_request, tag, schedule, comment, manual, api (default: push)", DefaultValueFactory = _ => "push" };

    public Option<string?> Branch { get; } = new("--branch") { Description = "Pushed branch, or the PR's head branch (default: the current git branch)" };

    public Option<string?> Tag { get; } = new("--tag") { Description = "Tag name for a tag event (implies --event tag)" };

    public Option<string?> Sha { get; } = new("--sha") { Description = "Commit sha (default: HEAD)" };

    public Option<string[]> Changed { get; } = new("--changed") { Description = "Changed files, comma-separated or repeated (default: unknown = everything changed)", AllowMultipleArgumentsPerToken = true };

    public Option<int?> PullRequest { get; } = new("--pr") { Description = "Pull request number (implies --event pull_request unless --comment)" };

    public Option<string?> Base { get; } = new("--base") { Description = "The pull request's base branch" };

    public Option<bool> Fork { get; } = new("--fork") { Description = "The pull request comes from a fork (secrets are withheld)" };

    public Option<string?> Action { get; } = new("--action") { Description = "Pull request action: opened, synchronize, reopened, closed" };

    public Option<bool> Merged { get; } = new("--merged") { Description = "A closed pull request was merged" };

    public Option<bool> Deleted { get; } = new("--deleted") { Description = "The push deleted the branch or tag" };

    public Option<string?> Comment { get; } = new("--comment") { Description = "PR comment text, e.g. \"/deploy staging\" (implies --event comment)" };

    public Option<string[]> Input { get; } = new("--input") { Description = "Manual input k=v (repeatable)" };

    public Option<string?> Actor { get; } = new("--actor") { Description = "Who triggered the event" };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Event, Branch, Tag, Sha, Changed, PullRequest, Base, Fork, Action, Merged, Deleted, Comment, Input, Actor })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Builds the event; a usage problem is returned as an error string.</summary>
    public async Task<(PipelineEvent? Event, string? Error)> BuildAsync(ParseResult result, string directory, string? pipeline, CancellationToken cancellationToken)
    {
        var kindText = result.GetValue(Event) ?? "push";
        var tag = result.GetValue(Tag);
        var comment = result.GetValue(Comment);
        var pr = result.GetValue(PullRequest);
        var explicitKind = result.GetResult(Event) is { Implicit: false };
        if (!PipelineEvent.TryParseKind(kindText, out var kind))
        {
            return (null, $"unknown event `{kindText}`; use push, pull_request, tag, schedule, comment, manual or api");
        }

        if (!explicitKind)
        {
            kind = comment is not null ? EventKind.Comment : tag is not null ? EventKind.Tag : pr is not null ? EventKind.PullRequest : kind;
        }

        var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in result.GetValue(Input) ?? [])
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                return (null, $"--input `{pair}` must look like name=value");
            }

            inputs[pair[..eq]] = pair[(eq + 1)..];
        }

        var git = new GitCli(directory);
        var branch = result.GetValue(Branch);
        if (branch is null && kind is EventKind.Push or EventKind.PullRequest or EventKind.Manual or EventKind.Api or EventKind.Schedule or EventKind.Comment)
        {
            branch = await git.CurrentBranchAsync(cancellationToken) ?? "main";
        }

        var changed = (result.GetValue(Changed) ?? []).SelectMany(c => c.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        var ev = new PipelineEvent(
            kind,
            Branch: branch,
            Tag: tag,
            Sha: result.GetValue(Sha) ?? await git.HeadShaAsync(cancellationToken),
            BaseBranch: result.GetValue(Base) ?? (kind == EventKind.PullRequest ? "main" : null),
            ChangedFiles: result.GetResult(Changed) is null ? null : changed,
            Actor: result.GetValue(Actor) ?? Environment.UserName,
            PullRequest: pr,
            Fork: result.GetValue(Fork),
            PullRequestAction: result.GetValue(Action) ?? (kind == EventKind.PullRequest ? "opened" : null),
            Merged: result.GetValue(Merged),
            Deleted: result.GetValue(Deleted),
            Comment: comment,
            Inputs: inputs,
            Pipeline: pipeline);
        if (kind == EventKind.Tag && tag is null)
        {
            return (null, "a tag event needs --tag NAME");
        }

        if (kind == EventKind.Comment && comment is null)
        {
            return (null, "a comment event needs --comment \"/command ...\"");
        }

        return (ev, null);
    }
}
