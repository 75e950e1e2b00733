namespace Sluice.Server.GitHub;

/// <summary>What the server needs of a pull request (GET /repos/{owner}/{repo}/pulls/{number}).</summary>
/// <param name="HeadRepository"><c>head.repo.full_name</c>; null when the fork was deleted.</param>
internal sealed record PullRequestInfo(int Number, string HeadSha, string HeadRef, string BaseRef, string BaseSha, string? HeadRepository, string BaseRepository, string? Author)
{
    public bool IsFork => HeadRepository is null || !string.Equals(HeadRepository, BaseRepository, StringComparison.OrdinalIgnoreCase);
}
