namespace Sluice.Core.Releases.Versioning;

/// <summary>
/// What has been released so far on the branch: the highest version tag reachable from the head (which may be a
/// pre-release), the highest reachable release without a pre-release part, and every version seen in tags (used to
/// number pre-releases). All null before the first release.
/// </summary>
internal sealed record ReleaseBaseline(
    SemVersion? Latest,
    string? LatestTag,
    SemVersion? LatestStable,
    string? LatestStableTag,
    IReadOnlyCollection<SemVersion> Known)
{
    public static ReleaseBaseline None { get; } = new(null, null, null, null, []);
}
