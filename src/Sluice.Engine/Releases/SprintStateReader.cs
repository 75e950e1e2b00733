using Sluice.Core.Releases.Config;
using Sluice.Core.Releases.Sprints;

namespace Sluice.Engine.Releases;

/// <summary>
/// Reads what <see cref="SprintRules"/> needs: sprint branches (one listing by prefix), the last release of the
/// first release unit, whether the default branch is still at that release, and whether the open sprint has work
/// (its tree differs from the default branch's) and a pull request.
/// </summary>
internal static class SprintStateReader
{
    public static async Task<RepoResult<(SprintState State, RepositoryHead Head, Dictionary<int, BranchRef> Branches)>> ReadAsync(
        IReleaseRepository repository, ReleaseConfig config, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(config);
        var head = await repository.GetHeadAsync(config.Branch, cancellationToken);
        if (!head.IsSuccess)
        {
            return head.As<(SprintState, RepositoryHead, Dictionary<int, BranchRef>)>();
        }

        var listed = await repository.ListBranchesAsync(SprintCalendar.BranchPrefix(config.Sprint.Branch), cancellationToken);
        if (!listed.IsSuccess)
        {
            return listed.As<(SprintState, RepositoryHead, Dictionary<int, BranchRef>)>();
        }

        var branches = new Dictionary<int, BranchRef>();
        foreach (var branch in listed.Value!)
        {
            if (SprintCalendar.ParseBranch(config.Sprint.Branch, branch.Name) is { } n)
            {
                branches[n] = branch;
            }
        }

        var tags = await repository.ListTagsAsync(head.Value!.Sha, cancellationToken);
        if (!tags.IsSuccess)
        {
            return tags.As<(SprintState, RepositoryHead, Dictionary<int, BranchRef>)>();
        }

        var unit = ReleaseUnit.From(config)[0];
        var baseline = await ReleaseBaselineResolver.ResolveAsync(repository, tags.Value!, unit.Tag, head.Value.Sha, cancellationToken);
        if (!baseline.IsSuccess)
        {
            return baseline.As<(SprintState, RepositoryHead, Dictionary<int, BranchRef>)>();
        }

        var hasWork = false;
        var hasPullRequest = true;
        if (branches.Count > 0)
        {
            var open = branches[branches.Keys.Max()];
            var tip = await repository.GetHeadAsync(open.Name, cancellationToken);
            if (!tip.IsSuccess)
            {
                return tip.As<(SprintState, RepositoryHead, Dictionary<int, BranchRef>)>();
            }

            hasWork = tip.Value!.TreeSha != head.Value.TreeSha;
            if (repository.SupportsPullRequests)
            {
                var pr = await repository.FindPullRequestAsync(open.Name, head.Value.Branch, cancellationToken);
                if (!pr.IsSuccess)
                {
                    return pr.As<(SprintState, RepositoryHead, Dictionary<int, BranchRef>)>();
                }

                hasPullRequest = pr.Value is not null;
            }
        }

        var state = new SprintState(
            branches.Keys.ToList(),
            baseline.Value.Baseline.LatestStable ?? baseline.Value.Baseline.Latest,
            baseline.Value.LatestSha == head.Value.Sha,
            hasWork,
            hasPullRequest);
        return RepoResult<(SprintState, RepositoryHead, Dictionary<int, BranchRef>)>.Ok((state, head.Value, branches));
    }
}
