namespace Sluice.Server.GitHub;

/// <summary>A commit status (POST /repos/{owner}/{repo}/statuses/{sha}): state is pending, success, failure or error.</summary>
internal sealed record CommitStatus(string State, string Context, string Description, string? TargetUrl);
