namespace Sluice.Core.Releases.Changelog;

/// <summary>
/// URL templates for changelog links: <see cref="CompareUrl"/> takes <c>{previous}</c> and <c>{tag}</c>,
/// <see cref="CommitUrl"/> takes <c>{sha}</c>. Either may be null: the heading or the SHA is then written without a link.
/// </summary>
internal sealed record ChangelogLinks(string? CompareUrl, string? CommitUrl)
{
    public static ChangelogLinks None { get; } = new(null, null);

    /// <summary>GitHub-style links for a repository web address such as <c>https://github.com/acme/app</c>.</summary>
    public static ChangelogLinks ForGitHub(string webUrl)
    {
        ArgumentNullException.ThrowIfNull(webUrl);
        var root = webUrl.TrimEnd('/');
        return new ChangelogLinks(root + "/compare/{previous}...{tag}", root + "/commit/{sha}");
    }
}
