using System.Text;
using Sluice.Core.Releases.Commits;

namespace Sluice.Engine.Releases.GitHub;

/// <summary>
/// <see cref="IReleaseRepository"/> over GitHub's REST API alone — no git binary, no checkout. History comes from
/// the compare endpoint (paginated, exactly <c>base..head</c>) or the commits list; files from the trees and
/// contents endpoints; the release commit from the git data API (blobs → tree on <c>base_tree</c> → commit →
/// fast-forward ref update); tags as annotated tag objects plus a ref. Pull requests live in
/// <see cref="GitHubPullRequests"/>.
/// </summary>
internal sealed class GitHubReleaseRepository : IReleaseRepository
{
    private readonly GitHubClient client;
    private readonly string repo;
    private readonly GitHubPullRequests pulls;
    private readonly GitHubGitData data;
    private readonly GitHubHistory history;
    private readonly Dictionary<string, string> treeOfCommit = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> modes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> ancestry = new(StringComparer.Ordinal);
    private IReadOnlyList<TagRef>? tags;
    private string? defaultBranch;
    private string? webUrl;

    public GitHubReleaseRepository(GitHubClient client, string repository)
    {
        this.client = client;
        repo = "repos/" + repository;
        Repository = repository;
        data = new GitHubGitData(client, repo);
        history = new GitHubHistory(client, repo);
        pulls = new GitHubPullRequests(client, repository, data);
    }

    public string Repository { get; }

    public string Description => $"GitHub {Repository}";

    public bool SupportsPullRequests => true;

    public async Task<RepoResult<RepositoryHead>> GetHeadAsync(string? branch, CancellationToken cancellationToken)
    {
        if (branch is null)
        {
            var info = await LoadRepositoryAsync(cancellationToken);
            if (!info.IsSuccess)
            {
                return info.As<RepositoryHead>();
            }

            branch = defaultBranch!;
        }

        var r = await client.GetAsync($"{repo}/git/ref/heads/{GitHubClient.Escape(branch)}", cancellationToken);
        if (!r.IsSuccess)
        {
            return RepoResult<RepositoryHead>.Fail(r.Status == 404 ? $"branch `{branch}` does not exist in {Repository}" : $"reading branch {branch}: {r.ErrorMessage}");
        }

        var sha = GitHubJson.Str(r.Json, "object.sha")!;
        var tree = await TreeOfAsync(sha, cancellationToken);
        return tree.IsSuccess ? RepoResult<RepositoryHead>.Ok(new RepositoryHead(branch, sha, tree.Value!)) : tree.As<RepositoryHead>();
    }

    public async Task<RepoResult<string?>> GetWebUrlAsync(CancellationToken cancellationToken)
    {
        var info = await LoadRepositoryAsync(cancellationToken);
        return info.IsSuccess ? RepoResult<string?>.Ok(webUrl) : info.As<string?>();
    }

    public async Task<RepoResult<IReadOnlyList<TagRef>>> ListTagsAsync(string headSha, CancellationToken cancellationToken)
    {
        if (tags is not null)
        {
            return RepoResult<IReadOnlyList<TagRef>>.Ok(tags);
        }

        var list = new List<TagRef>();
        var failure = await client.GetPagesAsync($"{repo}/tags?per_page=100", page =>
        {
            list.AddRange(GitHubJson.Items(page).Select(t => new TagRef(GitHubJson.Str(t, "name")!, GitHubJson.Str(t, "commit.sha")!, null)));
            return true;
        }, cancellationToken);
        if (failure is not null)
        {
            return RepoResult<IReadOnlyList<TagRef>>.Fail($"listing tags: {failure.ErrorMessage}");
        }

        tags = list;
        return RepoResult<IReadOnlyList<TagRef>>.Ok(list);
    }

    public async Task<RepoResult<bool>> IsAncestorAsync(string ancestorSha, string headSha, CancellationToken cancellationToken)
    {
        if (ancestorSha == headSha)
        {
            return RepoResult<bool>.Ok(true);
        }

        var key = ancestorSha + "..." + headSha;
        if (ancestry.TryGetValue(key, out var known))
        {
            return RepoResult<bool>.Ok(known);
        }

        var r = await client.GetAsync($"{repo}/compare/{ancestorSha}...{headSha}?per_page=1", cancellationToken);
        if (!r.IsSuccess)
        {
            return RepoResult<bool>.Fail($"comparing {ancestorSha[..7]}...{headSha[..7]}: {r.ErrorMessage}");
        }

        var status = GitHubJson.Str(r.Json, "status");
        return RepoResult<bool>.Ok(ancestry[key] = status is "ahead" or "identical");
    }

    public async Task<RepoResult<IReadOnlyList<T>>> ReadHistoryAsync<T>(
        string? sinceSha, string headSha, string? path, bool includeMerges, Func<RawCommit, T> select, CancellationToken cancellationToken)
    {
        var read = await history.ReadAsync(sinceSha, headSha, path, cancellationToken);
        return read.IsSuccess
            ? RepoResult<IReadOnlyList<T>>.Ok(read.Value!.Where(c => includeMerges || !c.IsMerge).Select(select).ToList())
            : read.As<IReadOnlyList<T>>();
    }

    public async Task<RepoResult<IReadOnlyList<string>>> ListFilesAsync(string headSha, CancellationToken cancellationToken)
    {
        var tree = await TreeOfAsync(headSha, cancellationToken);
        if (!tree.IsSuccess)
        {
            return tree.As<IReadOnlyList<string>>();
        }

        var r = await client.GetAsync($"{repo}/git/trees/{tree.Value}?recursive=1", cancellationToken);
        if (!r.IsSuccess)
        {
            return RepoResult<IReadOnlyList<string>>.Fail($"listing files: {r.ErrorMessage}");
        }

        if (r.Json.TryGetProperty("truncated", out var truncated) && truncated.GetBoolean())
        {
            return RepoResult<IReadOnlyList<string>>.Fail("the repository tree is too large to list through the API; list version files under `files:`");
        }

        var paths = new List<string>();
        foreach (var entry in GitHubJson.Items(r.Json, "tree").Where(e => GitHubJson.Str(e, "type") == "blob"))
        {
            var path = GitHubJson.Str(entry, "path")!;
            modes[path] = GitHubJson.Str(entry, "mode") ?? "100644";
            paths.Add(path);
        }

        return RepoResult<IReadOnlyList<string>>.Ok(paths);
    }

    public async Task<RepoResult<string?>> ReadFileAsync(string path, string headSha, CancellationToken cancellationToken)
    {
        var r = await client.GetAsync($"{repo}/contents/{GitHubClient.Escape(path)}?ref={headSha}", cancellationToken);
        if (r.Status == 404)
        {
            return RepoResult<string?>.Ok(null);
        }

        if (!r.IsSuccess || GitHubJson.Str(r.Json, "type") != "file")
        {
            return RepoResult<string?>.Fail($"reading {path}: {(r.IsSuccess ? "not a file" : r.ErrorMessage)}");
        }

        var content = GitHubJson.Str(r.Json, "content") ?? "";
        if (GitHubJson.Str(r.Json, "encoding") == "none")
        {
            // Files over 1 MB come without content from the contents API; the blobs API serves them.
            var blob = await client.GetAsync($"{repo}/git/blobs/{GitHubJson.Str(r.Json, "sha")}", cancellationToken);
            if (!blob.IsSuccess)
            {
                return RepoResult<string?>.Fail($"reading {path}: {blob.ErrorMessage}");
            }

            content = GitHubJson.Str(blob.Json, "content") ?? "";
        }

        var bytes = Convert.FromBase64String(content.Replace("\n", "", StringComparison.Ordinal));
        var bom = bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble);
        return RepoResult<string?>.Ok(Encoding.UTF8.GetString(bytes.AsSpan(bom ? 3 : 0)));
    }

    public async Task<RepoResult<string>> CommitAsync(RepositoryHead head, IReadOnlyList<FileChange> changes, string message, CancellationToken cancellationToken)
    {
        var r = await data.CommitAsync(head, changes, modes, message, cancellationToken);
        if (!r.IsSuccess)
        {
            return r.As<string>();
        }

        treeOfCommit[r.Value.Sha] = r.Value.Tree;
        return RepoResult<string>.Ok(r.Value.Sha);
    }

    public Task<RepoResult<string>> CreateTagAsync(string name, string message, string commitSha, CancellationToken cancellationToken) =>
        data.CreateTagAsync(name, message, commitSha, cancellationToken);

    public async Task<RepoResult<string>> PublishAsync(PublishRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var done = new List<string>();
        foreach (var release in request.Releases)
        {
            var r = await data.CreateReleaseAsync(release, cancellationToken);
            if (!r.IsSuccess)
            {
                return r;
            }

            done.Add(r.Value!);
        }

        return RepoResult<string>.Ok(done.Count == 0 ? "refs are on GitHub already" : "GitHub releases: " + string.Join(", ", done));
    }

    public Task<RepoResult<IReadOnlyList<BranchRef>>> ListBranchesAsync(string prefix, CancellationToken cancellationToken) => pulls.ListBranchesAsync(prefix, cancellationToken);

    public async Task<RepoResult<string>> CreateBranchAsync(string name, string fromSha, string seedMessage, CancellationToken cancellationToken)
    {
        var tree = await TreeOfAsync(fromSha, cancellationToken);
        return tree.IsSuccess ? await pulls.CreateBranchAsync(name, fromSha, tree.Value!, seedMessage, cancellationToken) : tree;
    }

    public Task<RepoResult<PullRequestInfo?>> FindPullRequestAsync(string head, string baseBranch, CancellationToken cancellationToken) =>
        pulls.FindAsync(head, baseBranch, cancellationToken);

    public Task<RepoResult<MergeOutcome>> MergePullRequestAsync(PullRequestInfo pullRequest, string baseBranch, string title, string method, CancellationToken cancellationToken) =>
        pulls.MergeAsync(pullRequest, title, method, cancellationToken);

    public Task<RepoResult<string>> ClosePullRequestAsync(PullRequestInfo pullRequest, string comment, CancellationToken cancellationToken) =>
        pulls.CloseAsync(pullRequest, comment, cancellationToken);

    public Task<RepoResult<PullRequestInfo>> OpenPullRequestAsync(string head, string baseBranch, string title, string body, CancellationToken cancellationToken) =>
        pulls.OpenAsync(head, baseBranch, title, body, cancellationToken);

    private async Task<RepoResult<string>> TreeOfAsync(string commitSha, CancellationToken cancellationToken)
    {
        if (treeOfCommit.TryGetValue(commitSha, out var known))
        {
            return RepoResult<string>.Ok(known);
        }

        var r = await client.GetAsync($"{repo}/git/commits/{commitSha}", cancellationToken);
        if (!r.IsSuccess)
        {
            return RepoResult<string>.Fail($"reading commit {commitSha[..Math.Min(7, commitSha.Length)]}: {r.ErrorMessage}");
        }

        return RepoResult<string>.Ok(treeOfCommit[commitSha] = GitHubJson.Str(r.Json, "tree.sha")!);
    }

    private async Task<RepoResult<bool>> LoadRepositoryAsync(CancellationToken cancellationToken)
    {
        if (defaultBranch is not null)
        {
            return RepoResult<bool>.Ok(true);
        }

        var r = await client.GetAsync(repo, cancellationToken);
        if (!r.IsSuccess)
        {
            return RepoResult<bool>.Fail($"reading {Repository}: {r.ErrorMessage}");
        }

        defaultBranch = GitHubJson.Str(r.Json, "default_branch") ?? "main";
        webUrl = GitHubJson.Str(r.Json, "html_url");
        return RepoResult<bool>.Ok(true);
    }
}
