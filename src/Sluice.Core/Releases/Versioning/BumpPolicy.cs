namespace Sluice.Core.Releases.Versioning;

/// <summary>
/// How the next version is chosen. <see cref="Conventional"/> reads the commits; <see cref="Sprint"/> always bumps
/// the minor version (even with no commits: every roll-up is a release); the forced policies always bump that part
/// when there is at least one commit.
/// </summary>
internal enum BumpPolicy
{
    Conventional,
    Sprint,
    Major,
    Minor,
    Patch,
}
