using Sluice.Core.Releases.Commits;
using Sluice.Core.Releases.Versioning;
using Sluice.Core.Releases.VersionFiles;

namespace Sluice.Engine.Releases;

/// <summary>
/// The plan for one release unit: where it stands (<see cref="CurrentTag"/>), what comes next and why
/// (<see cref="Decision"/>), the commits considered, the version-file edits and the changelog section.
/// </summary>
/// <param name="Commits">Commits since the last stable release (<paramref name="SinceTag"/>) after dropping merges and reverted pairs, newest first.</param>
/// <param name="Dropped">SHAs of reverted pairs that were dropped.</param>
internal sealed record UnitPlan(
    ReleaseUnit Unit,
    string? CurrentTag,
    SemVersion? Current,
    VersionDecision Decision,
    string? SinceTag,
    IReadOnlyList<ConventionalCommit> Commits,
    IReadOnlyList<string> Dropped,
    string? Tag,
    string? TagMessage,
    IReadOnlyList<VersionFileEdit> Files,
    string? ChangelogPath,
    string? ChangelogSection,
    string? PreviousTag)
{
    public bool Releasable => Decision.Releasable;
}
