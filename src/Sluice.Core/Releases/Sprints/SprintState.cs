using Sluice.Core.Releases.Versioning;

namespace Sluice.Core.Releases.Sprints;

/// <summary>What the repository says about sprints before a roll-up.</summary>
/// <param name="ExistingSprints">Numbers of the sprint branches that exist.</param>
/// <param name="LastRelease">The last release version on the default branch, if any.</param>
/// <param name="MainAtLastRelease">The default branch's head is the last release's commit (nothing merged since).</param>
/// <param name="OpenSprintHasWork">The highest sprint branch differs from the default branch (its tree is not the same).</param>
/// <param name="OpenSprintHasPullRequest">The highest sprint branch has an open pull request (always true in git mode).</param>
internal sealed record SprintState(
    IReadOnlyList<int> ExistingSprints,
    SemVersion? LastRelease,
    bool MainAtLastRelease,
    bool OpenSprintHasWork,
    bool OpenSprintHasPullRequest);
