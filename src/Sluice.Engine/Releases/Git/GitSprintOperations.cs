namespace Sluice.Engine.Releases.Git;

/// <summary>
/// Sprint branches with the git CLI. Without a host there are no pull requests: an unmerged sprint branch (local,
/// or only on the remote) stands in for one, merging it is <c>git merge --no-ff</c> on the checked-out default
/// branch (aborted on conflict), and a new sprint branch starts with an empty seed commit made by
/// <c>git commit-tree</c>, so the checkout is never switched.
/// </summary>
internal sealed class GitSprintOperations(GitRunner git, string remote)
{
    public async Task<RepoResult<IReadOnlyList<BranchRef>>> ListBranchesAsync(string prefix, CancellationToken cancellationToken)
    {
        var r = await git.RunAsync(
            ["for-each-ref", "--format=%(refname)%00%(objectname)", $"refs/heads/{prefix}*", $"refs/remotes/{remote}/{prefix}*"], null, cancellationToken);
        if (!r.Ok)
        {
            return RepoResult<IReadOnlyList<BranchRef>>.Fail(r.Message("listing branches"));
        }

        var byName = new Dictionary<string, BranchRef>(StringComparer.Ordinal);
        foreach (var line in r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split('\0');
            var local = parts[0].StartsWith("refs/heads/", StringComparison.Ordinal);
            var name = local ? parts[0]["refs/heads/".Length..] : parts[0][$"refs/remotes/{remote}/".Length..];
            if (local || !byName.ContainsKey(name))
            {
                byName[name] = new BranchRef(name, parts[1], local ? name : $"{remote}/{name}");
            }
        }

        return RepoResult<IReadOnlyList<BranchRef>>.Ok(byName.Values.OrderBy(b => b.Name, StringComparer.Ordinal).ToList());
    }

    public async Task<RepoResult<string>> CreateBranchAsync(string name, string fromSha, string seedMessage, CancellationToken cancellationToken)
    {
        var seed = await git.RunAsync(["commit-tree", fromSha + "^{tree}", "-p", fromSha, "-F", "-"], seedMessage, cancellationToken);
        if (!seed.Ok)
        {
            return RepoResult<string>.Fail(seed.Message("creating the seed commit"));
        }

        var sha = seed.Stdout.Trim();
        var branch = await git.RunAsync(["branch", name, sha], null, cancellationToken);
        return branch.Ok ? RepoResult<string>.Ok(sha) : RepoResult<string>.Fail(branch.Message($"creating branch {name}"));
    }

    public async Task<RepoResult<PullRequestInfo?>> FindPullRequestAsync(string head, string baseBranch, CancellationToken cancellationToken)
    {
        var branches = await ListBranchesAsync(head, cancellationToken);
        if (!branches.IsSuccess)
        {
            return branches.As<PullRequestInfo?>();
        }

        var branch = branches.Value!.FirstOrDefault(b => b.Name == head);
        if (branch is null)
        {
            return RepoResult<PullRequestInfo?>.Ok(null);
        }

        var merged = await git.RunAsync(["merge-base", "--is-ancestor", branch.Sha, "refs/heads/" + baseBranch], null, cancellationToken);
        return RepoResult<PullRequestInfo?>.Ok(merged.ExitCode == 0 ? null : new PullRequestInfo(0, null, head, branch.Sha, branch.Ref));
    }

    public async Task<RepoResult<MergeOutcome>> MergeAsync(PullRequestInfo pullRequest, string baseBranch, string title, string method, CancellationToken cancellationToken)
    {
        var current = await git.RunAsync(["symbolic-ref", "--short", "-q", "HEAD"], null, cancellationToken);
        if (current.Stdout.Trim() != baseBranch)
        {
            return RepoResult<MergeOutcome>.Fail($"check out {baseBranch} to roll up (currently on {current.Stdout.Trim()})");
        }

        if (method == "squash")
        {
            var squash = await git.RunAsync(["merge", "--squash", "-q", pullRequest.HeadRef], null, cancellationToken);
            if (!squash.Ok)
            {
                await git.RunAsync(["reset", "-q", "--merge"], null, cancellationToken);
                return RepoResult<MergeOutcome>.Ok(new MergeOutcome(false, null, squash.Message("git merge --squash")));
            }

            var commit = await git.RunAsync(["commit", "-q", "-F", "-"], title, cancellationToken);
            if (!commit.Ok)
            {
                return RepoResult<MergeOutcome>.Fail(commit.Message("committing the squashed sprint"));
            }
        }
        else
        {
            // `rebase` has no local equivalent that keeps the checkout safe; a merge commit is used instead.
            var merge = await git.RunAsync(["merge", "--no-ff", "-q", "-m", title, pullRequest.HeadRef], null, cancellationToken);
            if (!merge.Ok)
            {
                await git.RunAsync(["merge", "--abort"], null, cancellationToken);
                return RepoResult<MergeOutcome>.Ok(new MergeOutcome(false, null, merge.Message("git merge")));
            }
        }

        var sha = await git.RunAsync(["rev-parse", "HEAD"], null, cancellationToken);
        return RepoResult<MergeOutcome>.Ok(new MergeOutcome(true, sha.Stdout.Trim(), $"merged {pullRequest.Head} into {baseBranch}"));
    }
}
