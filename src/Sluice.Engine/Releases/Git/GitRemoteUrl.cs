using System.Text.RegularExpressions;

namespace Sluice.Engine.Releases.Git;

/// <summary>
/// Turns a GitHub remote (<c>https://github.com/acme/app.git</c>, <c>git@github.com:acme/app.git</c>,
/// <c>ssh://git@ghe.example.com/acme/app</c>) into its web address for changelog links. Only hosts whose name
/// contains "github" are recognised: other hosts use other URL shapes, which <c>changelog.compare-url</c> can give.
/// </summary>
internal static partial class GitRemoteUrl
{
    public static string? ToWebUrl(string remote)
    {
        ArgumentNullException.ThrowIfNull(remote);
        var m = Pattern().Match(remote.Trim());
        if (!m.Success || !m.Groups["host"].Value.Contains("github", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return $"https://{m.Groups["host"].Value}/{m.Groups["owner"].Value}/{m.Groups["repo"].Value}";
    }

    [GeneratedRegex(@"^(?:(?:https?|ssh|git)://(?:[^@/]+@)?(?<host>[^/:]+)(?::\d+)?/|[^@\s]+@(?<host>[^:]+):)(?<owner>[^/]+)/(?<repo>[^/]+?)(?:\.git)?/?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
