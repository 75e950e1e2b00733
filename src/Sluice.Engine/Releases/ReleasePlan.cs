namespace Sluice.Engine.Releases;

/// <summary>
/// Everything one release run does, computed before any write: printed as is by <c>--dry-run</c>, then executed.
/// <see cref="Problems"/> (a configured version file missing, a detached checkout) make the run fail before writing.
/// </summary>
internal sealed record ReleasePlan(
    string Repository,
    RepositoryHead Head,
    IReadOnlyList<UnitPlan> Units,
    IReadOnlyList<FileChange> Changes,
    string? CommitMessage,
    IReadOnlyList<PlannedOperation> Operations,
    IReadOnlyList<string> Problems,
    bool Push)
{
    public bool HasRelease => Units.Any(u => u.Releasable);
}
