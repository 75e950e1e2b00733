using Sluice.Core.Releases.Versioning;
using Sluice.Core.Releases.VersionFiles;

namespace Sluice.Core.Releases.Config;

/// <summary>
/// <c>.sluice/release.yml</c>, with every default filled in. Without a file, <see cref="Default"/> applies: policy
/// conventional, tags <c>v{version}</c>, first version 0.1.0, CHANGELOG.md, version files discovered.
/// </summary>
/// <param name="Files">Configured version files; null means "discover them".</param>
/// <param name="CommitMessage">Template for the release commit: <c>{tags}</c>, <c>{version}</c>.</param>
/// <param name="TagMessage">Template for annotated tag messages: <c>{tag}</c>, <c>{version}</c>, <c>{name}</c>.</param>
/// <param name="Branch">The release branch; null means the checked-out branch (git) or the default branch (GitHub).</param>
/// <param name="Packages">Monorepo packages; when present only they are released, each on the commits touching its path.</param>
internal sealed record ReleaseConfig(
    BumpPolicy Policy,
    string Tag,
    SemVersion FirstVersion,
    BumpKind BreakingBeforeOne,
    bool IncludeMerges,
    bool IncludeOther,
    ChangelogConfig Changelog,
    IReadOnlyList<VersionFileSpec>? Files,
    string CommitMessage,
    string TagMessage,
    string? Branch,
    bool Push,
    string Remote,
    GitHubConfig GitHub,
    SprintConfig Sprint,
    IReadOnlyList<PackageConfig> Packages)
{
    public const string DefaultPath = ".sluice/release.yml";

    public static ReleaseConfig Default { get; } = new(
        BumpPolicy.Conventional,
        "v{version}",
        VersionDecider.DefaultFirstVersion,
        BumpKind.Minor,
        IncludeMerges: false,
        IncludeOther: false,
        ChangelogConfig.Default,
        Files: null,
        CommitMessage: "chore(release): {tags}",
        TagMessage: "Release {tag}",
        Branch: null,
        Push: true,
        Remote: "origin",
        GitHubConfig.Default,
        SprintConfig.Default,
        Packages: []);
}
