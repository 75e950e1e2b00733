namespace Sluice.Engine.Releases;

/// <summary>A branch tip: the branch name, its commit and that commit's tree (trees compare content cheaply).</summary>
internal sealed record RepositoryHead(string Branch, string Sha, string TreeSha);
