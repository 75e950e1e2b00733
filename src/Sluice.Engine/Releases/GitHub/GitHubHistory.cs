using Sluice.Core.Releases.Commits;

namespace Sluice.Engine.Releases.GitHub;

/// <summary>
/// History through the API. A range <c>base..head</c> comes from the compare endpoint, paginated (exactly git's
/// range, merges included); a path-limited range lists <c>commits?path=</c> pages and keeps those in the compare
/// set, stopping at the first page with none (the listing is newest first, so the range has been passed).
/// Without a base, the commits listing is read to the end.
/// </summary>
internal sealed class GitHubHistory(GitHubClient client, string repo)
{
    public async Task<RepoResult<IReadOnlyList<RawCommit>>> ReadAsync(string? sinceSha, string headSha, string? path, CancellationToken cancellationToken)
    {
        HashSet<string>? range = null;
        var commits = new List<RawCommit>();
        if (sinceSha is not null)
        {
            var failure = await client.GetPagesAsync($"{repo}/compare/{sinceSha}...{headSha}?per_page=100", page =>
            {
                commits.AddRange(GitHubJson.Items(page, "commits").Select(GitHubJson.Commit));
                return true;
            }, cancellationToken);
            if (failure is not null)
            {
                return RepoResult<IReadOnlyList<RawCommit>>.Fail($"comparing {sinceSha[..7]}...{headSha[..7]}: {failure.ErrorMessage}");
            }

            // The compare endpoint lists oldest first; history is newest first everywhere else.
            commits.Reverse();
            if (path is null)
            {
                return RepoResult<IReadOnlyList<RawCommit>>.Ok(commits);
            }

            range = commits.Select(c => c.Sha).ToHashSet(StringComparer.Ordinal);
            commits = [];
        }

        var query = $"{repo}/commits?sha={headSha}&per_page=100" + (path is null ? "" : "&path=" + Uri.EscapeDataString(path));
        var listFailure = await client.GetPagesAsync(query, page =>
        {
            var inRange = 0;
            foreach (var item in GitHubJson.Items(page))
            {
                var commit = GitHubJson.Commit(item);
                if (range is null || range.Contains(commit.Sha))
                {
                    commits.Add(commit);
                    inRange++;
                }
            }

            // Path-filtered listings cannot stop at the base commit; a page with nothing in the range means we passed it.
            return range is null || inRange > 0;
        }, cancellationToken);
        return listFailure is null
            ? RepoResult<IReadOnlyList<RawCommit>>.Ok(commits)
            : RepoResult<IReadOnlyList<RawCommit>>.Fail($"listing commits: {listFailure.ErrorMessage}");
    }
}
