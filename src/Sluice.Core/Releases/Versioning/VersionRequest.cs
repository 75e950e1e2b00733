namespace Sluice.Core.Releases.Versioning;

/// <summary>The knobs that choose the next version.</summary>
/// <param name="ForcedBump">From <c>--bump</c>: overrides the policy.</param>
/// <param name="Prerelease">From <c>--pre</c>: a label such as <c>rc</c>; null releases (and promotes a pre-release).</param>
/// <param name="Always">From <c>--always</c>: release even when nothing is releasable (a patch bump at least).</param>
/// <param name="BreakingBeforeOne">What a breaking change bumps while the major version is 0 (minor by default).</param>
internal sealed record VersionRequest(
    BumpPolicy Policy,
    BumpKind? ForcedBump = null,
    string? Prerelease = null,
    bool Always = false,
    SemVersion? FirstVersion = null,
    BumpKind BreakingBeforeOne = BumpKind.Minor);
