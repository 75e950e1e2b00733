using Sluice.Core.Releases.Changelog;
using Sluice.Core.Releases.Commits;
using Sluice.Core.Releases.Config;
using Sluice.Core.Releases.Versioning;

namespace Sluice.Engine.Releases;

/// <summary>
/// Computes a <see cref="ReleasePlan"/> without writing anything: reads the head, lists tags once, reads each
/// unit's history in one call (two after a pre-release), decides versions, and prepares version-file edits and
/// changelog sections (through <see cref="UnitPlanner"/>). The same plan is printed by <c>--dry-run</c> and executed
/// by <see cref="ReleaseExecutor"/>.
/// </summary>
internal sealed class ReleasePlanner(IReleaseRepository repository, ReleaseConfig config, TimeProvider time)
{
    public Task<RepoResult<ReleasePlan>> PlanAsync(ReleaseRequest request, CancellationToken cancellationToken) => PlanAsync(request, null, cancellationToken);

    /// <param name="head">Plan on this head instead of the release branch's tip (a roll-up's dry run plans on the sprint's tip).</param>
    public async Task<RepoResult<ReleasePlan>> PlanAsync(ReleaseRequest request, RepositoryHead? head, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (head is null)
        {
            var h = await repository.GetHeadAsync(config.Branch, cancellationToken);
            if (!h.IsSuccess)
            {
                return h.As<ReleasePlan>();
            }

            head = h.Value!;
        }

        var units = ReleaseUnit.From(config, request.PolicyOverride);
        if (request.Package is { } only)
        {
            units = units.Where(u => u.Name == only).ToList();
            if (units.Count == 0)
            {
                var known = config.Packages.Count == 0 ? "none are configured" : "known: " + string.Join(", ", config.Packages.Select(p => p.Name));
                return RepoResult<ReleasePlan>.Fail($"no package `{only}` ({known})");
            }
        }

        var tags = await repository.ListTagsAsync(head.Sha, cancellationToken);
        if (!tags.IsSuccess)
        {
            return tags.As<ReleasePlan>();
        }

        var unitPlanner = new UnitPlanner(repository, config, head, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        var plans = new List<UnitPlan>();
        foreach (var unit in units)
        {
            var resolved = await ReleaseBaselineResolver.ResolveAsync(repository, tags.Value!, unit.Tag, head.Sha, cancellationToken);
            if (!resolved.IsSuccess)
            {
                return resolved.As<ReleasePlan>();
            }

            var (baseline, latestSha, stableSha) = resolved.Value;
            var sinceStable = await CommitsAsync(stableSha, head.Sha, unit.Path, cancellationToken);
            if (!sinceStable.IsSuccess)
            {
                return sinceStable.As<ReleasePlan>();
            }

            var sinceLatest = sinceStable;
            if (latestSha != stableSha)
            {
                sinceLatest = await CommitsAsync(latestSha, head.Sha, unit.Path, cancellationToken);
                if (!sinceLatest.IsSuccess)
                {
                    return sinceLatest.As<ReleasePlan>();
                }
            }

            var versionRequest = new VersionRequest(unit.Policy, request.ForcedBump, request.Prerelease, request.Always, config.FirstVersion, config.BreakingBeforeOne);
            var (stableCommits, dropped) = sinceStable.Value!;
            var decision = VersionDecider.Decide(baseline, versionRequest, stableCommits, sinceLatest.Value!.Kept);
            var plan = await unitPlanner.PlanAsync(unit, baseline, decision, stableCommits, dropped, sinceLatest.Value.Kept, cancellationToken);
            if (!plan.IsSuccess)
            {
                return plan.As<ReleasePlan>();
            }

            plans.Add(plan.Value!);
        }

        return RepoResult<ReleasePlan>.Ok(Assemble(head, plans, unitPlanner, request));
    }

    private ReleasePlan Assemble(RepositoryHead head, List<UnitPlan> plans, UnitPlanner unitPlanner, ReleaseRequest request)
    {
        var released = plans.Where(p => p.Releasable).ToList();
        var problems = plans.SelectMany(p => p.Files.Where(f => f.IsProblem && IsConfigured(p.Unit, f.Path)).Select(f => $"{f.Path}: {f.Note}")).ToList();
        var push = request.Push ?? config.Push;
        var operations = new List<PlannedOperation>();
        string? message = null;
        var changes = unitPlanner.Changes();
        if (released.Count > 0)
        {
            if (head.Branch == "HEAD")
            {
                problems.Add("the checkout is a detached HEAD; check out the release branch (or set `branch:`)");
            }

            var tagList = string.Join(", ", released.Select(p => p.Tag));
            message = config.CommitMessage
                .Replace("{tags}", tagList, StringComparison.Ordinal)
                .Replace("{version}", released[0].Decision.Next!.ToString(), StringComparison.Ordinal);
            operations.Add(changes.Count > 0
                ? new PlannedOperation("commit", $"commit \"{FirstLine(message)}\" on {head.Branch}: {string.Join(", ", changes.Select(c => c.Path))}")
                : new PlannedOperation("commit", $"no file changes; tags go on {head.Branch} at {head.Sha[..7]}"));
            foreach (var p in released)
            {
                operations.Add(new PlannedOperation("tag", $"tag {p.Tag} (annotated: \"{FirstLine(p.TagMessage!)}\")"));
            }

            if (repository.SupportsPullRequests)
            {
                if (config.GitHub.Release)
                {
                    operations.AddRange(released.Select(p => new PlannedOperation("release", $"GitHub release {p.Tag}{(p.Decision.Next!.IsPrerelease ? " (pre-release)" : "")}")));
                }
            }
            else if (push)
            {
                operations.Add(new PlannedOperation("push", $"push {head.Branch} and {tagList} to {config.Remote} (atomic)"));
            }
        }

        return new ReleasePlan(repository.Description, head, plans, released.Count > 0 ? changes : [], message, operations, problems, push);
    }

    private static bool IsConfigured(ReleaseUnit unit, string path) => unit.Files?.Any(f => f.Path == path) == true;

    private static string FirstLine(string text) => text.Split('\n')[0];

    private async Task<RepoResult<(IReadOnlyList<ConventionalCommit> Kept, IReadOnlyList<string> Dropped)>> CommitsAsync(
        string? since, string head, string? path, CancellationToken cancellationToken)
    {
        var parsed = await repository.ReadHistoryAsync(since, head, path, config.IncludeMerges, ConventionalCommitParser.Parse, cancellationToken);
        return parsed.IsSuccess
            ? RepoResult<(IReadOnlyList<ConventionalCommit>, IReadOnlyList<string>)>.Ok(RevertPairing.Apply(parsed.Value!))
            : parsed.As<(IReadOnlyList<ConventionalCommit>, IReadOnlyList<string>)>();
    }
}
