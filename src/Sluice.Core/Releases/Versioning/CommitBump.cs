using Sluice.Core.Releases.Commits;

namespace Sluice.Core.Releases.Versioning;

/// <summary>The bump one commit asks for under the conventional policy: breaking → major, feat → minor, fix/perf → patch.</summary>
internal static class CommitBump
{
    public static BumpKind Of(ConventionalCommit commit)
    {
        ArgumentNullException.ThrowIfNull(commit);
        if (!commit.IsConventional)
        {
            return BumpKind.None;
        }

        if (commit.IsBreaking)
        {
            return BumpKind.Major;
        }

        return commit.Type switch
        {
            "feat" => BumpKind.Minor,
            "fix" or "perf" => BumpKind.Patch,
            _ => BumpKind.None,
        };
    }
}
