namespace Sluice.Core.Releases.Commits;

/// <summary>
/// A commit read under Conventional Commits 1.0. <see cref="Type"/> is lower-cased and null for a commit that does
/// not follow the convention (it can still be listed under "Other"). A revert (git's <c>Revert "..."</c> or a
/// <c>revert:</c> commit) names what it reverts by SHA and/or header so a reverted pair can be dropped.
/// </summary>
internal sealed record ConventionalCommit(
    string Sha,
    string Header,
    string? Type,
    string? Scope,
    string Description,
    bool IsBreaking,
    string? BreakingNote,
    string Body,
    IReadOnlyList<CommitFooter> Footers,
    bool IsMerge,
    string? RevertsSha,
    string? RevertsHeader)
{
    public bool IsConventional => Type is not null;

    public bool IsRevert => RevertsSha is not null || RevertsHeader is not null;

    public string ShortSha => Sha.Length > 7 ? Sha[..7] : Sha;
}
