namespace Sluice.Engine.Releases;

/// <summary>
/// An open pull request from a sprint branch. In git mode there are no pull requests: an unmerged branch stands in
/// for one (<see cref="Number"/> 0, no URL) and merging it is a local <c>git merge --no-ff</c>.
/// </summary>
internal sealed record PullRequestInfo(int Number, string? Url, string Head, string HeadSha, string HeadRef);
