using Sluice.Core.Releases.Versioning;

namespace Sluice.Core.Releases.Config;

/// <summary>
/// <c>sprint:</c> — the roll-up. With <see cref="Start"/>, sprint N is the N-th <see cref="Cadence"/> period
/// (<c>every:</c>) from that date; without it, numbers follow the released minor version. Templates take <c>{n}</c>
/// (also spelled <c>{sprint}</c>) and <c>{previous}</c>.
/// </summary>
/// <param name="SeedMessage">Message of the empty commit that opens a sprint branch, so its pull request has a commit.</param>
/// <param name="OnConflict">What to do with a previous sprint's pull request that cannot be merged.</param>
/// <param name="MergeMethod"><c>merge</c>, <c>squash</c> or <c>rebase</c> (GitHub's merge methods).</param>
internal sealed record SprintConfig(
    DateOnly? Start,
    TimeSpan Cadence,
    string Branch,
    string PrTitle,
    string PrBody,
    string SeedMessage,
    SprintConflictAction OnConflict,
    string CloseComment,
    string MergeMethod,
    BumpPolicy Policy)
{
    public static SprintConfig Default { get; } = new(
        null,
        TimeSpan.FromDays(14),
        "s{n}",
        "Sprint {n}",
        "Work for sprint {n}. Merged into the default branch by the next roll-up.",
        "chore(sprint): open sprint {n}",
        SprintConflictAction.Close,
        "Sprint {n} could not be merged automatically; closing it. Move unfinished work to the next sprint branch.",
        "merge",
        BumpPolicy.Sprint);
}
