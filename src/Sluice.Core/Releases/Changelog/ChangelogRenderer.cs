using System.Globalization;
using System.Text;
using Sluice.Core.Releases.Commits;
using Sluice.Core.Releases.Versioning;

namespace Sluice.Core.Releases.Changelog;

/// <summary>
/// Renders one release's CHANGELOG.md section:
/// <code>
/// ## [1.3.0](https://github.com/acme/app/compare/v1.2.0...v1.3.0) (2026-11-22)
///
/// ### Features
///
/// * **api:** add the export endpoint ([abc1234](https://github.com/acme/app/commit/abc1234...))
/// </code>
/// Groups come in a fixed order (Breaking changes, Features, Bug fixes, Performance, Reverts, Other); a breaking
/// commit is listed once, under Breaking changes, with its <c>BREAKING CHANGE</c> note when it has one.
/// </summary>
internal static class ChangelogRenderer
{
    public static string RenderSection(
        SemVersion version,
        string tag,
        string? previousTag,
        DateOnly date,
        IReadOnlyList<ConventionalCommit> commits,
        ChangelogLinks links,
        bool includeOther)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(commits);
        ArgumentNullException.ThrowIfNull(links);
        var sb = new StringBuilder(256 + (commits.Count * 96));
        var day = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (links.CompareUrl is { } compare && previousTag is not null)
        {
            var url = compare.Replace("{previous}", previousTag, StringComparison.Ordinal).Replace("{tag}", tag, StringComparison.Ordinal);
            sb.Append(CultureInfo.InvariantCulture, $"## [{version}]({url}) ({day})\n");
        }
        else
        {
            sb.Append(CultureInfo.InvariantCulture, $"## {version} ({day})\n");
        }

        var groups = new List<ConventionalCommit>[6];
        for (var g = 0; g < groups.Length; g++)
        {
            groups[g] = [];
        }

        foreach (var commit in commits)
        {
            var g = GroupOf(commit, includeOther);
            if (g >= 0)
            {
                groups[g].Add(commit);
            }
        }

        var any = false;
        for (var g = 0; g < groups.Length; g++)
        {
            if (groups[g].Count == 0)
            {
                continue;
            }

            any = true;
            sb.Append("\n### ").Append(GroupTitles[g]).Append("\n\n");
            foreach (var commit in groups[g])
            {
                AppendEntry(sb, commit, g == 0, links);
            }
        }

        if (!any)
        {
            sb.Append("\nNo notable changes.\n");
        }

        return sb.ToString();
    }

    internal static readonly string[] GroupTitles = ["Breaking changes", "Features", "Bug fixes", "Performance", "Reverts", "Other"];

    private static int GroupOf(ConventionalCommit commit, bool includeOther)
    {
        if (commit.IsBreaking)
        {
            return 0;
        }

        if (commit.IsRevert || commit.Type == "revert")
        {
            return 4;
        }

        return commit.Type switch
        {
            "feat" => 1,
            "fix" => 2,
            "perf" => 3,
            null when includeOther => 5,
            _ => -1,
        };
    }

    private static void AppendEntry(StringBuilder sb, ConventionalCommit commit, bool breaking, ChangelogLinks links)
    {
        sb.Append("* ");
        if (commit.Scope is not null)
        {
            sb.Append("**").Append(commit.Scope).Append(":** ");
        }

        var text = breaking && commit.BreakingNote is { Length: > 0 } note ? note : commit.IsConventional ? commit.Description : commit.Header;
        sb.Append(text.Replace("\n", "\n  ", StringComparison.Ordinal));
        sb.Append(" (");
        if (links.CommitUrl is { } commitUrl)
        {
            sb.Append('[').Append(commit.ShortSha).Append("](").Append(commitUrl.Replace("{sha}", commit.Sha, StringComparison.Ordinal)).Append(')');
        }
        else
        {
            sb.Append(commit.ShortSha);
        }

        sb.Append(")\n");
    }
}
