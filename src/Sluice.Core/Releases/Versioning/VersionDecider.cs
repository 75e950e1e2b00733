using System.Globalization;
using Sluice.Core.Releases.Commits;

namespace Sluice.Core.Releases.Versioning;

/// <summary>
/// Chooses the next version from what was released before and the commits since. The bump is computed over the
/// commits since the last release without a pre-release part, so <c>1.3.0-rc.2</c> still carries the feature that
/// made <c>rc.1</c>; a pre-release counter continues for the same version and label; releasing without
/// <c>--pre</c> after a pre-release promotes it.
/// </summary>
internal static class VersionDecider
{
    public static readonly SemVersion DefaultFirstVersion = new(0, 1, 0);

    /// <param name="sinceStable">Commits after the last stable release (newest first, merges and reverted pairs removed).</param>
    /// <param name="sinceLatest">Commits after the latest tag, which differs from <paramref name="sinceStable"/> only after a pre-release.</param>
    public static VersionDecision Decide(
        ReleaseBaseline baseline,
        VersionRequest request,
        IReadOnlyList<ConventionalCommit> sinceStable,
        IReadOnlyList<ConventionalCommit> sinceLatest)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(sinceStable);
        ArgumentNullException.ThrowIfNull(sinceLatest);

        var (bump, reason, decisive) = ChooseBump(request, sinceStable);
        var latest = baseline.Latest;
        var stable = baseline.LatestStable;
        var promoting = request.Prerelease is null && latest is { IsPrerelease: true };
        if (bump == BumpKind.None && !promoting)
        {
            return new VersionDecision(false, null, BumpKind.None, reason, []);
        }

        SemVersion core;
        if (latest is null)
        {
            core = request.FirstVersion ?? DefaultFirstVersion;
            reason = $"first release ({core}); {reason}";
        }
        else
        {
            var baseVersion = stable ?? new SemVersion(0, 0, 0);
            var effective = bump == BumpKind.Major && baseVersion.Major == 0 ? request.BreakingBeforeOne : bump;
            if (effective != bump)
            {
                reason += $"; breaking changes bump {effective.ToString().ToLowerInvariant()} before 1.0";
            }

            core = effective == BumpKind.None ? baseVersion : baseVersion.Bump(effective);
            if (latest.IsPrerelease && latest.Core > core)
            {
                // An earlier pre-release aimed higher (say a forced major): keep aiming there.
                core = latest.Core;
            }
        }

        if (request.Prerelease is { } label)
        {
            var sameTrain = latest is { IsPrerelease: true } && latest.Core == core && latest.PrereleaseLabel == label;
            if (sameTrain && sinceLatest.Count == 0 && !request.Always)
            {
                return new VersionDecision(false, null, bump, $"no commits since {baseline.LatestTag}", []);
            }

            var number = 1 + baseline.Known
                .Where(v => v.IsPrerelease && v.Core == core && v.PrereleaseLabel == label)
                .Select(v => v.PrereleaseNumber ?? 0)
                .DefaultIfEmpty(0)
                .Max();
            var next = core.WithPrerelease(label, number);
            return new VersionDecision(true, next, bump, $"{reason}; pre-release {label}.{number.ToString(CultureInfo.InvariantCulture)}", decisive);
        }

        if (promoting && latest!.Core == core)
        {
            reason = bump == BumpKind.None ? $"promote {latest}" : $"promote {latest}; {reason}";
        }

        return new VersionDecision(true, core, bump, reason, decisive);
    }

    private static (BumpKind Bump, string Reason, IReadOnlyList<ConventionalCommit> Decisive) ChooseBump(
        VersionRequest request, IReadOnlyList<ConventionalCommit> commits)
    {
        if (request.ForcedBump is { } forced and not BumpKind.None)
        {
            return commits.Count > 0 || request.Always
                ? (forced, $"{Name(forced)} forced by --bump", [])
                : (BumpKind.None, "no commits since the last release", []);
        }

        switch (request.Policy)
        {
            case BumpPolicy.Sprint:
                return (BumpKind.Minor, $"policy sprint: a minor release every roll-up ({Summary(commits)})", []);
            case BumpPolicy.Major or BumpPolicy.Minor or BumpPolicy.Patch:
                var kind = request.Policy switch { BumpPolicy.Major => BumpKind.Major, BumpPolicy.Minor => BumpKind.Minor, _ => BumpKind.Patch };
                return commits.Count > 0 || request.Always
                    ? (kind, $"policy {Name(kind)} ({Summary(commits)})", [])
                    : (BumpKind.None, "no commits since the last release", []);
        }

        var bump = BumpKind.None;
        foreach (var c in commits)
        {
            var b = CommitBump.Of(c);
            if (b > bump)
            {
                bump = b;
            }
        }

        if (bump == BumpKind.None)
        {
            if (request.Always)
            {
                return (BumpKind.Patch, $"patch forced by --always ({Summary(commits)})", []);
            }

            return (BumpKind.None, commits.Count == 0 ? "no commits since the last release" : $"no releasable commits ({Summary(commits)})", []);
        }

        var decisive = commits.Where(c => CommitBump.Of(c) == bump).ToList();
        return (bump, $"{Name(bump)}: {Summary(commits)}", decisive);
    }

    private static string Name(BumpKind bump) => bump.ToString().ToLowerInvariant();

    /// <summary>"1 breaking change, 2 features, 1 fix, 3 other" — what the range holds, for the plan's "why".</summary>
    internal static string Summary(IReadOnlyList<ConventionalCommit> commits)
    {
        if (commits.Count == 0)
        {
            return "no commits";
        }

        int breaking = 0, feat = 0, fix = 0, perf = 0, other = 0;
        foreach (var c in commits)
        {
            if (c.IsBreaking)
            {
                breaking++;
            }
            else if (c.Type == "feat")
            {
                feat++;
            }
            else if (c.Type == "fix")
            {
                fix++;
            }
            else if (c.Type == "perf")
            {
                perf++;
            }
            else
            {
                other++;
            }
        }

        var parts = new List<string>();
        Add(breaking, "breaking change", "breaking changes");
        Add(feat, "feature", "features");
        Add(fix, "fix", "fixes");
        Add(perf, "performance change", "performance changes");
        Add(other, "other commit", "other commits");
        return string.Join(", ", parts);

        void Add(int n, string one, string many)
        {
            if (n > 0)
            {
                parts.Add(n.ToString(CultureInfo.InvariantCulture) + " " + (n == 1 ? one : many));
            }
        }
    }
}
