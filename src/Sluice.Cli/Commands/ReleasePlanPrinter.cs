using System.Globalization;
using Sluice.Core.Releases.Versioning;
using Sluice.Core.Releases.VersionFiles;
using Sluice.Engine.Releases;

namespace Sluice.Cli.Commands;

/// <summary>
/// Human-readable plans: per unit the current and next version and why (the commits, with the bump each asks for),
/// version-file diffs, the changelog preview, then the numbered operations.
/// </summary>
internal static class ReleasePlanPrinter
{
    private const int MaxCommitsShown = 50;

    public static void Print(TextWriter o, ReleasePlan plan, bool dryRun)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(plan);
        o.WriteLine($"sluice release{(dryRun ? " (dry run)" : "")}: {plan.Repository}, {plan.Head.Branch} at {Short(plan.Head.Sha)}");
        foreach (var unit in plan.Units)
        {
            PrintUnit(o, unit, plan.Units.Count > 1);
        }

        if (plan.Problems.Count > 0)
        {
            o.WriteLine();
            o.WriteLine("Problems:");
            foreach (var problem in plan.Problems)
            {
                o.WriteLine($"  {problem}");
            }
        }

        if (plan.Operations.Count > 0)
        {
            o.WriteLine();
            PrintOperations(o, plan.Operations);
        }
    }

    public static void PrintOperations(TextWriter o, IReadOnlyList<PlannedOperation> operations)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(operations);
        o.WriteLine("Operations:");
        for (var i = 0; i < operations.Count; i++)
        {
            o.WriteLine($"  {i + 1}. {operations[i].Description}");
        }
    }

    private static void PrintUnit(TextWriter o, UnitPlan unit, bool named)
    {
        o.WriteLine();
        if (named)
        {
            o.WriteLine($"Package {unit.Unit.Name} ({unit.Unit.Path}):");
        }

        var indent = named ? "  " : "";
        o.WriteLine($"{indent}Current version: {(unit.Current is null ? "none (no release tag yet)" : $"{unit.Current} (tag {unit.CurrentTag})")}");
        o.WriteLine(unit.Releasable
            ? $"{indent}Next version:    {unit.Decision.Next} ({unit.Decision.Reason})"
            : $"{indent}Next version:    none; nothing to release ({unit.Decision.Reason})");
        PrintCommits(o, unit, indent);
        if (!unit.Releasable)
        {
            return;
        }

        if (unit.Files.Count > 0)
        {
            o.WriteLine();
            o.WriteLine($"{indent}Version files:");
            foreach (var file in unit.Files)
            {
                PrintFile(o, file, indent + "  ");
            }
        }
        else
        {
            o.WriteLine($"{indent}Version files:   none found (configure `files:` in .sluice/release.yml)");
        }

        if (unit.ChangelogSection is not null)
        {
            o.WriteLine();
            o.WriteLine($"{indent}Changelog ({unit.ChangelogPath}):");
            foreach (var line in unit.ChangelogSection.TrimEnd('\n').Split('\n'))
            {
                o.WriteLine(line.Length == 0 ? "" : $"{indent}  {line}");
            }
        }
    }

    private static void PrintCommits(TextWriter o, UnitPlan unit, string indent)
    {
        var label = unit.SinceTag is null ? "Commits" : $"Commits since {unit.SinceTag}";
        if (unit.Commits.Count == 0)
        {
            o.WriteLine($"{indent}{label}: none");
            return;
        }

        o.WriteLine($"{indent}{label} ({unit.Commits.Count.ToString(CultureInfo.InvariantCulture)}):");
        foreach (var commit in unit.Commits.Take(MaxCommitsShown))
        {
            var bump = CommitBump.Of(commit);
            var mark = bump == BumpKind.None ? "" : $"  → {bump.ToString().ToLowerInvariant()}";
            o.WriteLine($"{indent}  {commit.ShortSha} {commit.Header}{mark}");
        }

        if (unit.Commits.Count > MaxCommitsShown)
        {
            o.WriteLine($"{indent}  ... and {(unit.Commits.Count - MaxCommitsShown).ToString(CultureInfo.InvariantCulture)} more");
        }

        if (unit.Dropped.Count > 0)
        {
            o.WriteLine($"{indent}  (dropped {unit.Dropped.Count.ToString(CultureInfo.InvariantCulture)} commits that revert each other: {string.Join(", ", unit.Dropped.Select(Short))})");
        }
    }

    private static void PrintFile(TextWriter o, VersionFileEdit file, string indent)
    {
        switch (file.Status)
        {
            case VersionFileStatus.Changed:
                o.WriteLine($"{indent}{file.Path} ({file.Format}): {file.OldValue} → {file.NewValue}");
                foreach (var line in TextDiff.Unified(file.Path, file.Before, file.After!).TrimEnd('\n').Split('\n'))
                {
                    o.WriteLine($"{indent}  {line}");
                }

                break;
            case VersionFileStatus.Unchanged:
                o.WriteLine($"{indent}{file.Path} ({file.Format}): already {file.NewValue}");
                break;
            default:
                o.WriteLine($"{indent}{file.Path} ({file.Format}): {file.Status.ToString().ToLowerInvariant()} — {file.Note}");
                break;
        }
    }

    internal static string Short(string sha) => sha.Length > 7 ? sha[..7] : sha;
}
