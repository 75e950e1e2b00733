using Sluice.Core.Releases.Commits;

namespace Sluice.Core.Releases.Versioning;

/// <summary>
/// The outcome of version selection. When <see cref="Releasable"/> is false, <see cref="Next"/> is null and
/// <see cref="Reason"/> says why nothing is released. <see cref="Decisive"/> are the commits that set the bump.
/// </summary>
internal sealed record VersionDecision(
    bool Releasable,
    SemVersion? Next,
    BumpKind Bump,
    string Reason,
    IReadOnlyList<ConventionalCommit> Decisive);
