using Sluice.Core.Events;
using Sluice.Core.Globs;
using Sluice.Core.Pipelines;

namespace Sluice.Core.Planning;

/// <summary>Decides whether an event selects a pipeline, with a reason people can act on.</summary>
public static class TriggerMatcher
{
    public static TriggerMatch Match(Pipeline pipeline, PipelineEvent ev)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(ev);
        var on = pipeline.On;
        return ev.Kind switch
        {
            EventKind.Push => MatchPush(on.Push, ev),
            EventKind.Tag => MatchTag(on, ev),
            EventKind.PullRequest => MatchPullRequest(on.PullRequest, ev),
            EventKind.Schedule => on.Schedule is null ? TriggerMatch.No("no `on.schedule` trigger")
                : Targets(pipeline, ev) ? TriggerMatch.Yes("schedule") : TriggerMatch.No($"the schedule is for pipeline `{ev.Pipeline}`"),
            EventKind.Comment => MatchComment(on.Comment, ev),
            EventKind.Manual => MatchManual(pipeline, ev),
            EventKind.Api => !on.Api ? TriggerMatch.No("no `on.api` trigger")
                : Targets(pipeline, ev) ? TriggerMatch.Yes("api") : TriggerMatch.No($"the API call is for pipeline `{ev.Pipeline}`"),
            _ => TriggerMatch.No("unknown event"),
        };
    }

    /// <summary>A manual, api or schedule event with no pipeline named selects every pipeline with that trigger.</summary>
    private static bool Targets(Pipeline pipeline, PipelineEvent ev) =>
        ev.Pipeline is null || ev.Pipeline == pipeline.Id || ev.Pipeline == pipeline.Name;

    private static TriggerMatch MatchPush(PushTrigger? push, PipelineEvent ev)
    {
        if (push is null)
        {
            return TriggerMatch.No("no `on.push` trigger");
        }

        if (ev.Deleted)
        {
            return TriggerMatch.No($"branch `{ev.Branch}` was deleted; deletions start nothing");
        }

        var branch = ev.Branch ?? "";
        if (push.Tags is not null && push.Branches is null && push.BranchesIgnore is null)
        {
            return TriggerMatch.No("`on.push` only filters tags, and this push is of a branch");
        }

        if (push.Branches is not null && !push.Branches.IsMatch(branch))
        {
            return TriggerMatch.No($"branch `{branch}` does not match on.push.branches ({push.Branches})");
        }

        if (push.BranchesIgnore is not null && push.BranchesIgnore.IsMatch(branch))
        {
            return TriggerMatch.No($"branch `{branch}` matches on.push.branches-ignore ({push.BranchesIgnore})");
        }

        return Paths(push.Paths, push.PathsIgnore, ev, "on.push") ?? TriggerMatch.Yes($"push to `{branch}`");
    }

    private static TriggerMatch MatchTag(Triggers on, PipelineEvent ev)
    {
        var tag = ev.Tag ?? "";
        if (ev.Deleted)
        {
            return TriggerMatch.No($"tag `{tag}` was deleted; deletions start nothing");
        }

        if (on.Tag is not null && on.Tag.Patterns.IsMatch(tag))
        {
            return TriggerMatch.Yes($"tag `{tag}` matches on.tag ({on.Tag.Patterns})");
        }

        if (on.Push?.Tags is not null && on.Push.Tags.IsMatch(tag))
        {
            return TriggerMatch.Yes($"tag `{tag}` matches on.push.tags ({on.Push.Tags})");
        }

        if (on.Tag is null && on.Push?.Tags is null)
        {
            return TriggerMatch.No("no `on.tag` or `on.push.tags` trigger");
        }

        var patterns = on.Tag?.Patterns ?? on.Push!.Tags!;
        return TriggerMatch.No($"tag `{tag}` does not match ({patterns})");
    }

    private static TriggerMatch MatchPullRequest(PullRequestTrigger? pr, PipelineEvent ev)
    {
        if (pr is null)
        {
            return TriggerMatch.No("no `on.pull_request` trigger");
        }

        var action = ev.PullRequestAction ?? "opened";
        if (!pr.Types.Contains(action))
        {
            return TriggerMatch.No($"pull request action `{action}` is not in on.pull_request.types ({string.Join(", ", pr.Types)})");
        }

        var baseBranch = ev.BaseBranch ?? "";
        if (pr.Branches is not null && !pr.Branches.IsMatch(baseBranch))
        {
            return TriggerMatch.No($"base branch `{baseBranch}` does not match on.pull_request.branches ({pr.Branches})");
        }

        var what = action == "closed" ? (ev.Merged ? "merged" : "closed without merge") : action;
        return Paths(pr.Paths, pr.PathsIgnore, ev, "on.pull_request")
            ?? TriggerMatch.Yes($"pull request #{ev.PullRequest} {what}{(ev.Fork ? " (from a fork)" : "")}");
    }

    private static TriggerMatch MatchComment(CommentTrigger? comment, PipelineEvent ev)
    {
        if (comment is null)
        {
            return TriggerMatch.No("no `on.comment` trigger");
        }

        foreach (var pattern in comment.Commands)
        {
            if (CommentCommand.TryParse(pattern, out var command, out _) && command!.Match(ev.Comment ?? "") is { } args)
            {
                return TriggerMatch.Yes($"comment matches `{pattern}`", args);
            }
        }

        return TriggerMatch.No($"comment does not match any of {string.Join(", ", comment.Commands.Select(c => $"`{c}`"))}");
    }

    private static TriggerMatch MatchManual(Pipeline pipeline, PipelineEvent ev)
    {
        if (pipeline.On.Manual is null)
        {
            return TriggerMatch.No("no `on.manual` trigger");
        }

        if (!Targets(pipeline, ev))
        {
            return TriggerMatch.No($"the manual run is for pipeline `{ev.Pipeline}`");
        }

        var (values, errors) = InputValues.Resolve(pipeline.On.Manual.Inputs, ev.Inputs);
        return errors.Count > 0
            ? TriggerMatch.No("invalid inputs: " + string.Join("; ", errors))
            : TriggerMatch.Yes("manual run", inputs: values);
    }

    /// <summary>Path filters; null when they let the event through. Unknown changed files pass (never skip wrongly).</summary>
    private static TriggerMatch? Paths(GlobList? paths, GlobList? ignore, PipelineEvent ev, string where)
    {
        if (ev.ChangedFiles is not { } files)
        {
            return null;
        }

        if (paths is not null && !paths.MatchesAny(files))
        {
            return TriggerMatch.No($"no changed file matches {where}.paths ({paths})");
        }

        if (ignore is not null && files.Count > 0 && files.All(ignore.IsMatch))
        {
            return TriggerMatch.No($"every changed file matches {where}.paths-ignore ({ignore})");
        }

        return null;
    }
}
