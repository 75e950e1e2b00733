using System.Text;
using Sluice.Core.Releases.Commits;

namespace Sluice.Engine.Releases.Git;

/// <summary>
/// <see cref="IReleaseRepository"/> on a git checkout through the git CLI. Reads and writes the working tree of the
/// checked-out branch; tags are listed with one <c>for-each-ref --merged</c>, a history range with one
/// <c>git log</c>. Pull requests do not exist here: sprint branches are merged locally (see
/// <see cref="GitSprintOperations"/>).
/// </summary>
internal sealed class GitReleaseRepository : IReleaseRepository
{
    private readonly string directory;
    private readonly string remote;
    private readonly IReadOnlyDictionary<string, string>? environment;
    private readonly HashSet<string> bomPaths = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<TagRef>> tagCache = new(StringComparer.Ordinal);
    private GitRunner? git;

    public GitReleaseRepository(string directory, string remote = "origin", IReadOnlyDictionary<string, string>? environment = null)
    {
        this.directory = Path.GetFullPath(directory);
        this.remote = remote;
        this.environment = environment;
    }

    public string Description => $"git {directory}";

    public bool SupportsPullRequests => false;

    public async Task<RepoResult<RepositoryHead>> GetHeadAsync(string? branch, CancellationToken cancellationToken)
    {
        var runner = await RunnerAsync(cancellationToken);
        if (runner is null)
        {
            return RepoResult<RepositoryHead>.Fail($"{directory} is not inside a git repository");
        }

        if (branch is null)
        {
            var r = await runner.RunAsync(["rev-parse", "HEAD", "HEAD^{tree}", "--abbrev-ref", "HEAD"], null, cancellationToken);
            if (!r.Ok)
            {
                return RepoResult<RepositoryHead>.Fail(r.Message("reading HEAD (is the repository empty?)"));
            }

            var lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return RepoResult<RepositoryHead>.Ok(new RepositoryHead(lines[2], lines[0], lines[1]));
        }

        foreach (var candidate in new[] { "refs/heads/" + branch, $"refs/remotes/{remote}/{branch}" })
        {
            var r = await runner.RunAsync(["rev-parse", "--verify", "-q", candidate + "^{commit}"], null, cancellationToken);
            if (r.Ok)
            {
                var tree = await runner.RunAsync(["rev-parse", candidate + "^{tree}"], null, cancellationToken);
                return RepoResult<RepositoryHead>.Ok(new RepositoryHead(branch, r.Stdout.Trim(), tree.Stdout.Trim()));
            }
        }

        return RepoResult<RepositoryHead>.Fail($"branch `{branch}` does not exist");
    }

    public async Task<RepoResult<string?>> GetWebUrlAsync(CancellationToken cancellationToken)
    {
        var runner = await RunnerAsync(cancellationToken);
        var r = runner is null ? null : await runner.RunAsync(["remote", "get-url", remote], null, cancellationToken);
        return RepoResult<string?>.Ok(r is { Ok: true } ? GitRemoteUrl.ToWebUrl(r.Stdout.Trim()) : null);
    }

    public async Task<RepoResult<IReadOnlyList<TagRef>>> ListTagsAsync(string headSha, CancellationToken cancellationToken)
    {
        if (tagCache.TryGetValue(headSha, out var cached))
        {
            return RepoResult<IReadOnlyList<TagRef>>.Ok(cached);
        }

        var runner = await RunnerAsync(cancellationToken);
        var r = await runner!.RunAsync(
            ["for-each-ref", "--merged=" + headSha, "--format=%(refname:strip=2)%00%(objectname)%00%(*objectname)", "refs/tags"], null, cancellationToken);
        if (!r.Ok)
        {
            return RepoResult<IReadOnlyList<TagRef>>.Fail(r.Message("listing tags"));
        }

        var tags = new List<TagRef>();
        foreach (var line in r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split('\0');
            tags.Add(new TagRef(parts[0], parts[2].Length > 0 ? parts[2] : parts[1], true));
        }

        tagCache[headSha] = tags;
        return RepoResult<IReadOnlyList<TagRef>>.Ok(tags);
    }

    public async Task<RepoResult<bool>> IsAncestorAsync(string ancestorSha, string headSha, CancellationToken cancellationToken)
    {
        var runner = await RunnerAsync(cancellationToken);
        var r = await runner!.RunAsync(["merge-base", "--is-ancestor", ancestorSha, headSha], null, cancellationToken);
        return r.ExitCode is 0 or 1 ? RepoResult<bool>.Ok(r.ExitCode == 0) : RepoResult<bool>.Fail(r.Message("merge-base"));
    }

    public async Task<RepoResult<IReadOnlyList<T>>> ReadHistoryAsync<T>(
        string? sinceSha, string headSha, string? path, bool includeMerges, Func<RawCommit, T> select, CancellationToken cancellationToken)
    {
        var runner = await RunnerAsync(cancellationToken);
        var args = new List<string> { "log" };
        args.AddRange(includeMerges ? GitLogReader.FormatWithParents : GitLogReader.FormatWithoutMerges);
        args.Add(sinceSha is null ? headSha : $"{sinceSha}..{headSha}");
        if (path is not null)
        {
            args.Add("--");
            args.Add(path);
        }

        List<T> commits = [];
        var r = await runner!.RunStreamingAsync(args, null, async (reader, ct) => commits = await GitLogReader.ReadAsync(reader, includeMerges, select, ct), cancellationToken);
        return r.Ok ? RepoResult<IReadOnlyList<T>>.Ok(commits) : RepoResult<IReadOnlyList<T>>.Fail(r.Message("git log"));
    }

    public async Task<RepoResult<IReadOnlyList<string>>> ListFilesAsync(string headSha, CancellationToken cancellationToken)
    {
        var runner = await RunnerAsync(cancellationToken);
        var r = await runner!.RunAsync(["ls-files", "-z"], null, cancellationToken);
        return r.Ok
            ? RepoResult<IReadOnlyList<string>>.Ok(r.Stdout.Split('\0', StringSplitOptions.RemoveEmptyEntries))
            : RepoResult<IReadOnlyList<string>>.Fail(r.Message("git ls-files"));
    }

    public async Task<RepoResult<string?>> ReadFileAsync(string path, string headSha, CancellationToken cancellationToken)
    {
        var runner = await RunnerAsync(cancellationToken);
        var full = Path.Combine(runner!.WorkingDirectory, path);
        if (!File.Exists(full))
        {
            return RepoResult<string?>.Ok(null);
        }

        var bytes = await File.ReadAllBytesAsync(full, cancellationToken);
        var bom = bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble);
        if (bom)
        {
            bomPaths.Add(path);
        }

        return RepoResult<string?>.Ok(Encoding.UTF8.GetString(bytes.AsSpan(bom ? 3 : 0)));
    }

    public async Task<RepoResult<string>> CommitAsync(RepositoryHead head, IReadOnlyList<FileChange> changes, string message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(changes);
        var runner = await RunnerAsync(cancellationToken);
        var current = await GetHeadAsync(null, cancellationToken);
        if (!current.IsSuccess)
        {
            return current.As<string>();
        }

        if (current.Value!.Branch != head.Branch)
        {
            return RepoResult<string>.Fail($"check out {head.Branch} to release it (the checkout is on {current.Value.Branch})");
        }

        if (current.Value.Sha != head.Sha)
        {
            return RepoResult<string>.Fail($"the checkout moved: expected {head.Branch} at {head.Sha[..7]}, found {current.Value.Branch} at {current.Value.Sha[..7]}");
        }

        foreach (var change in changes)
        {
            var full = Path.Combine(runner!.WorkingDirectory, change.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            var bytes = Encoding.UTF8.GetBytes(change.Content);
            await File.WriteAllBytesAsync(full, bomPaths.Contains(change.Path) ? [.. Encoding.UTF8.Preamble, .. bytes] : bytes, cancellationToken);
        }

        var paths = changes.Select(c => c.Path).ToList();
        var add = await runner!.RunAsync(["add", "--", .. paths], null, cancellationToken);
        if (!add.Ok)
        {
            return RepoResult<string>.Fail(add.Message("git add"));
        }

        var commit = await runner.RunAsync(["commit", "-q", "-F", "-", "--", .. paths], message, cancellationToken);
        if (!commit.Ok)
        {
            return RepoResult<string>.Fail(commit.Message("git commit"));
        }

        var sha = await runner.RunAsync(["rev-parse", "HEAD"], null, cancellationToken);
        return RepoResult<string>.Ok(sha.Stdout.Trim());
    }

    public async Task<RepoResult<string>> CreateTagAsync(string name, string message, string commitSha, CancellationToken cancellationToken)
    {
        var runner = await RunnerAsync(cancellationToken);
        var r = await runner!.RunAsync(["tag", "-a", name, "-F", "-", commitSha], message, cancellationToken);
        return r.Ok ? RepoResult<string>.Ok(name) : RepoResult<string>.Fail(r.Message($"creating tag {name}"));
    }

    public async Task<RepoResult<string>> PublishAsync(PublishRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var runner = await RunnerAsync(cancellationToken);
        var note = request.Releases.Count > 0 ? " (host releases need GitHub mode; none created)" : "";
        if (request.Branches.Count + request.Tags.Count == 0)
        {
            return RepoResult<string>.Ok("nothing to push" + note);
        }

        var url = await runner!.RunAsync(["remote", "get-url", remote], null, cancellationToken);
        if (!url.Ok)
        {
            return RepoResult<string>.Ok($"no remote `{remote}`: nothing pushed" + note);
        }

        var refspecs = request.Branches.Select(b => $"refs/heads/{b}:refs/heads/{b}").Concat(request.Tags.Select(t => $"refs/tags/{t}:refs/tags/{t}")).ToList();
        var r = await runner.RunAsync(["push", "--atomic", "-q", remote, .. refspecs], null, cancellationToken);
        return r.Ok
            ? RepoResult<string>.Ok($"pushed {string.Join(", ", request.Branches.Concat(request.Tags))} to {remote}" + note)
            : RepoResult<string>.Fail(r.Message($"git push {remote}"));
    }

    public async Task<RepoResult<IReadOnlyList<BranchRef>>> ListBranchesAsync(string prefix, CancellationToken cancellationToken) =>
        await SprintsAsync(cancellationToken) is { } ops ? await ops.ListBranchesAsync(prefix, cancellationToken) : NotARepository<IReadOnlyList<BranchRef>>();

    public async Task<RepoResult<string>> CreateBranchAsync(string name, string fromSha, string seedMessage, CancellationToken cancellationToken) =>
        await SprintsAsync(cancellationToken) is { } ops ? await ops.CreateBranchAsync(name, fromSha, seedMessage, cancellationToken) : NotARepository<string>();

    public async Task<RepoResult<PullRequestInfo?>> FindPullRequestAsync(string head, string baseBranch, CancellationToken cancellationToken) =>
        await SprintsAsync(cancellationToken) is { } ops ? await ops.FindPullRequestAsync(head, baseBranch, cancellationToken) : NotARepository<PullRequestInfo?>();

    public async Task<RepoResult<MergeOutcome>> MergePullRequestAsync(PullRequestInfo pullRequest, string baseBranch, string title, string method, CancellationToken cancellationToken) =>
        await SprintsAsync(cancellationToken) is { } ops ? await ops.MergeAsync(pullRequest, baseBranch, title, method, cancellationToken) : NotARepository<MergeOutcome>();

    public Task<RepoResult<string>> ClosePullRequestAsync(PullRequestInfo pullRequest, string comment, CancellationToken cancellationToken) =>
        Task.FromResult(RepoResult<string>.Ok($"left {pullRequest.Head} unmerged (git mode has no pull request to close)"));

    public Task<RepoResult<PullRequestInfo>> OpenPullRequestAsync(string head, string baseBranch, string title, string body, CancellationToken cancellationToken) =>
        Task.FromResult(RepoResult<PullRequestInfo>.Fail("pull requests need GitHub mode (--github owner/name)"));

    private async Task<GitSprintOperations?> SprintsAsync(CancellationToken cancellationToken) =>
        await RunnerAsync(cancellationToken) is { } runner ? new GitSprintOperations(runner, remote) : null;

    private RepoResult<T> NotARepository<T>() => RepoResult<T>.Fail($"{directory} is not inside a git repository");

    private async Task<GitRunner?> RunnerAsync(CancellationToken cancellationToken)
    {
        if (git is not null)
        {
            return git;
        }

        if (!Directory.Exists(directory))
        {
            return null;
        }

        var probe = new GitRunner(directory, environment);
        var r = await probe.RunAsync(["rev-parse", "--show-toplevel"], null, cancellationToken);
        if (!r.Ok)
        {
            return null;
        }

        git = new GitRunner(r.Stdout.Trim(), environment);
        return git;
    }
}
