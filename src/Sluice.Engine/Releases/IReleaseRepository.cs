using Sluice.Core.Releases.Commits;

namespace Sluice.Engine.Releases;

/// <summary>
/// The repository as releases see it. Two implementations: <c>GitReleaseRepository</c> (the git CLI on a checkout)
/// and <c>GitHubReleaseRepository</c> (GitHub's REST API only, no git binary). Contract for both:
/// <list type="bullet">
/// <item>Paths are repository-relative with <c>/</c>; SHAs are full 40-character hex.</item>
/// <item>History comes newest first; a whole range is read in one call (git: one <c>git log</c>; GitHub: paginated).</item>
/// <item>Tags are listed once per run; implementations may cache reads within one instance.</item>
/// <item>Writes happen in order commit → tags → publish; each returns an error value instead of throwing.</item>
/// </list>
/// </summary>
internal interface IReleaseRepository
{
    /// <summary>For plans and errors: <c>git /path/to/checkout</c> or <c>GitHub acme/app</c>.</summary>
    string Description { get; }

    /// <summary>False in git mode: sprint "pull requests" are plain branches there.</summary>
    bool SupportsPullRequests { get; }

    /// <summary>The tip of <paramref name="branch"/>, or of the checked-out (git) / default (GitHub) branch when null.</summary>
    Task<RepoResult<RepositoryHead>> GetHeadAsync(string? branch, CancellationToken cancellationToken);

    /// <summary>The web address for links (<c>https://github.com/acme/app</c>), or null when unknown.</summary>
    Task<RepoResult<string?>> GetWebUrlAsync(CancellationToken cancellationToken);

    /// <summary>Every tag worth considering for <paramref name="headSha"/>, each peeled to its commit.</summary>
    Task<RepoResult<IReadOnlyList<TagRef>>> ListTagsAsync(string headSha, CancellationToken cancellationToken);

    Task<RepoResult<bool>> IsAncestorAsync(string ancestorSha, string headSha, CancellationToken cancellationToken);

    /// <summary>
    /// Commits reachable from <paramref name="headSha"/> but not from <paramref name="sinceSha"/> (all when null),
    /// touching <paramref name="path"/> when given; merge commits only when <paramref name="includeMerges"/>. Each
    /// commit is handed to <paramref name="select"/> as soon as it is read, so parsing overlaps the read.
    /// </summary>
    Task<RepoResult<IReadOnlyList<T>>> ReadHistoryAsync<T>(
        string? sinceSha, string headSha, string? path, bool includeMerges, Func<RawCommit, T> select, CancellationToken cancellationToken);

    Task<RepoResult<IReadOnlyList<string>>> ListFilesAsync(string headSha, CancellationToken cancellationToken);

    /// <summary>A file's text, or a null value when it does not exist.</summary>
    Task<RepoResult<string?>> ReadFileAsync(string path, string headSha, CancellationToken cancellationToken);

    /// <summary>One commit on <paramref name="head"/>'s branch with all <paramref name="changes"/>; returns its SHA.</summary>
    Task<RepoResult<string>> CommitAsync(RepositoryHead head, IReadOnlyList<FileChange> changes, string message, CancellationToken cancellationToken);

    /// <summary>An annotated tag on <paramref name="commitSha"/>; fails when the tag exists.</summary>
    Task<RepoResult<string>> CreateTagAsync(string name, string message, string commitSha, CancellationToken cancellationToken);

    /// <summary>Makes the work public; returns a one-line summary of what was done.</summary>
    Task<RepoResult<string>> PublishAsync(PublishRequest request, CancellationToken cancellationToken);

    /// <summary>Branches whose name starts with <paramref name="prefix"/>.</summary>
    Task<RepoResult<IReadOnlyList<BranchRef>>> ListBranchesAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>Creates <paramref name="name"/> at an empty commit on top of <paramref name="fromSha"/>; returns the commit.</summary>
    Task<RepoResult<string>> CreateBranchAsync(string name, string fromSha, string seedMessage, CancellationToken cancellationToken);

    /// <summary>The open pull request from <paramref name="head"/> into <paramref name="baseBranch"/>, or a null value.</summary>
    Task<RepoResult<PullRequestInfo?>> FindPullRequestAsync(string head, string baseBranch, CancellationToken cancellationToken);

    Task<RepoResult<MergeOutcome>> MergePullRequestAsync(PullRequestInfo pullRequest, string baseBranch, string title, string method, CancellationToken cancellationToken);

    /// <summary>Comments on and closes the pull request; returns what was done.</summary>
    Task<RepoResult<string>> ClosePullRequestAsync(PullRequestInfo pullRequest, string comment, CancellationToken cancellationToken);

    Task<RepoResult<PullRequestInfo>> OpenPullRequestAsync(string head, string baseBranch, string title, string body, CancellationToken cancellationToken);
}
