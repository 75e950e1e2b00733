using Sluice.Core.Releases.Config;
using Sluice.Core.Releases.Sprints;

namespace Sluice.Engine.Releases;

/// <summary>
/// <c>sluice release rollup</c>: closes the open sprint (merges its pull request, or closes it with a comment when it
/// cannot be merged), releases, and opens the next sprint branch with its pull request. What to do comes from
/// <see cref="SprintRules"/> on the repository's state, so a second run in the same sprint changes nothing.
/// </summary>
internal sealed class SprintRollup(IReleaseRepository repository, ReleaseConfig config, TimeProvider time)
{
    private readonly SprintConfig sprint = config.Sprint;

    public async Task<RepoResult<RollupReport>> RunAsync(ReleaseRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var state = await SprintStateReader.ReadAsync(repository, config, cancellationToken);
        if (!state.IsSuccess)
        {
            return state.As<RollupReport>();
        }

        var (sprintState, head, branches) = state.Value!;
        var step = SprintRules.Decide(sprint, sprintState, time.GetUtcNow());
        var ops = new List<PlannedOperation>();
        var notes = new List<string>();
        var dry = request.DryRun;
        var publishBranches = new List<string>();
        ReleasePlan? plan = null;
        ReleaseOutcome? outcome = null;

        if (step.Kind == SprintStepKind.Nothing)
        {
            return RepoResult<RollupReport>.Ok(new RollupReport(step, ops, null, null, notes));
        }

        if (step.Kind == SprintStepKind.RollUp)
        {
            var closing = SprintCalendar.BranchName(sprint.Branch, step.Close!.Value);
            var merged = await CloseSprintAsync(closing, head, dry, ops, notes, cancellationToken);
            if (!merged.IsSuccess)
            {
                return merged.As<RollupReport>();
            }

            // A dry run cannot merge; the open sprint's tip stands in for the merged default branch.
            var releaseHead = merged.Value ?? head;
            if (dry && branches.TryGetValue(step.Close.Value, out var sprintBranch) && merged.Value is null && ops.Any(o => o.Kind == "merge-pr"))
            {
                var tip = await repository.GetHeadAsync(sprintBranch.Name, cancellationToken);
                if (tip.IsSuccess)
                {
                    releaseHead = head with { Sha = tip.Value!.Sha, TreeSha = tip.Value.TreeSha };
                    notes.Add($"dry run: the release is planned on {closing}'s tip as if it were merged");
                }
            }

            var planned = await new ReleasePlanner(repository, config, time).PlanAsync(request with { PolicyOverride = sprint.Policy }, releaseHead, cancellationToken);
            if (!planned.IsSuccess)
            {
                return planned.As<RollupReport>();
            }

            plan = planned.Value!;
            ops.AddRange(plan.Operations.Where(o => o.Kind is "commit" or "tag"));
            if (!plan.HasRelease)
            {
                notes.Add("nothing to release: " + string.Join("; ", plan.Units.Select(u => u.Decision.Reason)));
            }
            else if (!dry)
            {
                var executed = await new ReleaseExecutor(repository, config).ExecuteAsync(plan, publish: false, cancellationToken);
                if (!executed.IsSuccess)
                {
                    return executed.As<RollupReport>();
                }

                outcome = executed.Value!;
            }

            if (!dry)
            {
                var after = await repository.GetHeadAsync(head.Branch, cancellationToken);
                if (!after.IsSuccess)
                {
                    return after.As<RollupReport>();
                }

                head = after.Value!;
            }

            if (!repository.SupportsPullRequests && (merged.Value is not null || outcome is not null))
            {
                publishBranches.Add(head.Branch);
            }
        }

        var opening = SprintCalendar.BranchName(sprint.Branch, step.Open);
        if (step.Kind != SprintStepKind.OpenPullRequest)
        {
            ops.Add(new PlannedOperation("create-branch", $"create {opening} from {head.Branch} with the seed commit \"{SprintCalendar.Fill(sprint.SeedMessage, step.Open)}\""));
            if (!dry)
            {
                var created = await repository.CreateBranchAsync(opening, head.Sha, SprintCalendar.Fill(sprint.SeedMessage, step.Open), cancellationToken);
                if (!created.IsSuccess)
                {
                    return created.As<RollupReport>();
                }
            }

            publishBranches.Add(opening);
        }

        if (repository.SupportsPullRequests)
        {
            var title = SprintCalendar.Fill(sprint.PrTitle, step.Open);
            ops.Add(new PlannedOperation("open-pr", $"open pull request {opening} → {head.Branch}: \"{title}\""));
            if (!dry)
            {
                var pr = await repository.OpenPullRequestAsync(opening, head.Branch, title, SprintCalendar.Fill(sprint.PrBody, step.Open), cancellationToken);
                if (!pr.IsSuccess)
                {
                    return pr.As<RollupReport>();
                }

                notes.Add($"opened pull request #{pr.Value!.Number}{(pr.Value.Url is null ? "" : " " + pr.Value.Url)}");
            }
        }
        else
        {
            notes.Add("git mode: no pull requests; open one for " + opening + " on your host if you want one");
        }

        var publish = new PublishRequest(
            request.Push ?? config.Push ? publishBranches : [],
            request.Push ?? config.Push ? outcome?.Tags ?? [] : [],
            outcome?.Publish.Releases ?? []);
        if (publish.Branches.Count + publish.Tags.Count + publish.Releases.Count > 0)
        {
            ops.Add(new PlannedOperation(repository.SupportsPullRequests ? "release" : "push", repository.SupportsPullRequests
                ? "GitHub releases " + string.Join(", ", publish.Releases.Select(r => r.Tag))
                : $"push {string.Join(", ", publish.Branches.Concat(publish.Tags))} to {config.Remote}"));
            if (!dry)
            {
                var published = await repository.PublishAsync(publish, cancellationToken);
                if (!published.IsSuccess)
                {
                    return published.As<RollupReport>();
                }

                notes.Add(published.Value!);
            }
        }

        return RepoResult<RollupReport>.Ok(new RollupReport(step, ops, plan, outcome, notes));
    }

    /// <summary>Merges (or closes) the closing sprint's pull request; returns the new head when something was merged.</summary>
    private async Task<RepoResult<RepositoryHead?>> CloseSprintAsync(
        string closing, RepositoryHead head, bool dry, List<PlannedOperation> ops, List<string> notes, CancellationToken cancellationToken)
    {
        var pr = await repository.FindPullRequestAsync(closing, head.Branch, cancellationToken);
        if (!pr.IsSuccess)
        {
            return pr.As<RepositoryHead?>();
        }

        if (pr.Value is null)
        {
            notes.Add($"{closing} has no open pull request (already merged or closed); nothing to merge");
            return RepoResult<RepositoryHead?>.Ok(null);
        }

        var what = pr.Value.Number > 0 ? $"pull request #{pr.Value.Number} ({closing} → {head.Branch})" : $"{closing} into {head.Branch}";
        ops.Add(new PlannedOperation("merge-pr", $"merge {what} ({sprint.MergeMethod})"));
        if (dry)
        {
            return RepoResult<RepositoryHead?>.Ok(null);
        }

        var title = $"Merge {closing}: {SprintCalendar.Fill(sprint.PrTitle, SprintCalendar.ParseBranch(sprint.Branch, closing) ?? 0)}";
        var merge = await repository.MergePullRequestAsync(pr.Value, head.Branch, title, sprint.MergeMethod, cancellationToken);
        if (!merge.IsSuccess)
        {
            return merge.As<RepositoryHead?>();
        }

        if (!merge.Value!.Merged)
        {
            if (sprint.OnConflict == SprintConflictAction.Fail)
            {
                return RepoResult<RepositoryHead?>.Fail($"{what} cannot be merged: {merge.Value.Message} (sprint.on-conflict: fail)");
            }

            var comment = SprintCalendar.Fill(sprint.CloseComment, SprintCalendar.ParseBranch(sprint.Branch, closing) ?? 0);
            ops.Add(new PlannedOperation("close-pr", $"close {what} with a comment: {merge.Value.Message}"));
            var closed = await repository.ClosePullRequestAsync(pr.Value, comment, cancellationToken);
            if (!closed.IsSuccess)
            {
                return closed.As<RepositoryHead?>();
            }

            notes.Add(closed.Value!);
            return RepoResult<RepositoryHead?>.Ok(null);
        }

        notes.Add(merge.Value.Message);
        var after = await repository.GetHeadAsync(head.Branch, cancellationToken);
        return after.IsSuccess ? RepoResult<RepositoryHead?>.Ok(after.Value) : after.As<RepositoryHead?>();
    }
}
