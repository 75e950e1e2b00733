namespace Sluice.Core.Releases.Config;

/// <summary>
/// <c>github:</c> — the repository (<c>owner/name</c>) for GitHub mode, the API base URL (GitHub Enterprise:
/// <c>https://ghe.example.com/api/v3</c>), the environment variable holding the token, and whether a GitHub release
/// is created next to the tag.
/// </summary>
internal sealed record GitHubConfig(string? Repository, string ApiUrl, string TokenEnv, bool Release)
{
    public static GitHubConfig Default { get; } = new(null, "https://api.github.com", "GITHUB_TOKEN", true);
}
