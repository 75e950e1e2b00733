using System.Text.Json.Nodes;

namespace Sluice.Engine.Releases.GitHub;

/// <summary>
/// Sprint branches and pull requests on GitHub: branches listed with <c>git/matching-refs</c>, pull requests found
/// by <c>head=owner:branch</c>, merged with <c>PUT .../merge</c> pinned to the head SHA seen (405/409/422 mean "cannot
/// merge" and are reported, not thrown), closed with a comment first so the reason is on the pull request.
/// </summary>
internal sealed class GitHubPullRequests(GitHubClient client, string repository, GitHubGitData data)
{
    private readonly string repo = "repos/" + repository;
    private readonly string owner = repository.Split('/')[0];

    public async Task<RepoResult<IReadOnlyList<BranchRef>>> ListBranchesAsync(string prefix, CancellationToken cancellationToken)
    {
        var branches = new List<BranchRef>();
        var failure = await client.GetPagesAsync($"{repo}/git/matching-refs/heads/{GitHubClient.Escape(prefix)}?per_page=100", page =>
        {
            foreach (var item in GitHubJson.Items(page))
            {
                var name = GitHubJson.Str(item, "ref")!["refs/heads/".Length..];
                branches.Add(new BranchRef(name, GitHubJson.Str(item, "object.sha")!, name));
            }

            return true;
        }, cancellationToken);
        return failure is null
            ? RepoResult<IReadOnlyList<BranchRef>>.Ok(branches)
            : RepoResult<IReadOnlyList<BranchRef>>.Fail($"listing branches: {failure.ErrorMessage}");
    }

    public async Task<RepoResult<string>> CreateBranchAsync(string name, string fromSha, string treeSha, string seedMessage, CancellationToken cancellationToken)
    {
        // An empty seed commit: GitHub refuses a pull request whose head has no commits beyond its base.
        var seed = await data.CommitTreeAsync(treeSha, fromSha, seedMessage, cancellationToken);
        if (!seed.IsSuccess)
        {
            return seed;
        }

        var created = await data.CreateRefAsync("refs/heads/" + name, seed.Value!, cancellationToken);
        return created.IsSuccess ? seed : RepoResult<string>.Fail($"creating branch {name}: {created.Error}");
    }

    public async Task<RepoResult<PullRequestInfo?>> FindAsync(string head, string baseBranch, CancellationToken cancellationToken)
    {
        var r = await client.GetAsync(
            $"{repo}/pulls?state=open&head={Uri.EscapeDataString(owner + ":" + head)}&base={Uri.EscapeDataString(baseBranch)}&per_page=100", cancellationToken);
        if (!r.IsSuccess)
        {
            return RepoResult<PullRequestInfo?>.Fail($"finding the pull request for {head}: {r.ErrorMessage}");
        }

        var pr = GitHubJson.Items(r.Json).FirstOrDefault();
        return RepoResult<PullRequestInfo?>.Ok(pr.ValueKind == System.Text.Json.JsonValueKind.Undefined ? null : ToInfo(pr));
    }

    public async Task<RepoResult<MergeOutcome>> MergeAsync(PullRequestInfo pullRequest, string title, string method, CancellationToken cancellationToken)
    {
        var r = await client.SendAsync(
            HttpMethod.Put,
            $"{repo}/pulls/{pullRequest.Number}/merge",
            new JsonObject { ["commit_title"] = title, ["merge_method"] = method, ["sha"] = pullRequest.HeadSha },
            cancellationToken);
        if (r.IsSuccess)
        {
            return RepoResult<MergeOutcome>.Ok(new MergeOutcome(true, GitHubJson.Str(r.Json, "sha"), GitHubJson.Str(r.Json, "message") ?? "merged"));
        }

        return r.Status is 405 or 409 or 422
            ? RepoResult<MergeOutcome>.Ok(new MergeOutcome(false, null, r.ErrorMessage))
            : RepoResult<MergeOutcome>.Fail($"merging pull request #{pullRequest.Number}: {r.ErrorMessage}");
    }

    public async Task<RepoResult<string>> CloseAsync(PullRequestInfo pullRequest, string comment, CancellationToken cancellationToken)
    {
        var commented = await client.SendAsync(HttpMethod.Post, $"{repo}/issues/{pullRequest.Number}/comments", new JsonObject { ["body"] = comment }, cancellationToken);
        if (!commented.IsSuccess)
        {
            return RepoResult<string>.Fail($"commenting on pull request #{pullRequest.Number}: {commented.ErrorMessage}");
        }

        var closed = await client.SendAsync(HttpMethod.Patch, $"{repo}/pulls/{pullRequest.Number}", new JsonObject { ["state"] = "closed" }, cancellationToken);
        return closed.IsSuccess
            ? RepoResult<string>.Ok($"closed pull request #{pullRequest.Number} with a comment")
            : RepoResult<string>.Fail($"closing pull request #{pullRequest.Number}: {closed.ErrorMessage}");
    }

    public async Task<RepoResult<PullRequestInfo>> OpenAsync(string head, string baseBranch, string title, string body, CancellationToken cancellationToken)
    {
        var r = await client.SendAsync(
            HttpMethod.Post, $"{repo}/pulls", new JsonObject { ["title"] = title, ["head"] = head, ["base"] = baseBranch, ["body"] = body }, cancellationToken);
        return r.IsSuccess
            ? RepoResult<PullRequestInfo>.Ok(ToInfo(r.Json))
            : RepoResult<PullRequestInfo>.Fail($"opening a pull request {head} → {baseBranch}: {r.ErrorMessage}");
    }

    private static PullRequestInfo ToInfo(System.Text.Json.JsonElement pr)
    {
        var head = GitHubJson.Str(pr, "head.ref")!;
        return new PullRequestInfo(GitHubJson.Int(pr, "number"), GitHubJson.Str(pr, "html_url"), head, GitHubJson.Str(pr, "head.sha") ?? "", head);
    }
}
