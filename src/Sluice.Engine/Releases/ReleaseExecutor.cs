using Sluice.Core.Releases.Config;

namespace Sluice.Engine.Releases;

/// <summary>
/// Carries out a <see cref="ReleasePlan"/>: one commit with every file change, an annotated tag per released unit on
/// that commit, then publishing (git: one atomic push of the branch and tags; GitHub: a release per tag with its
/// changelog section). Stops at the first failure and says what was already done.
/// </summary>
internal sealed class ReleaseExecutor(IReleaseRepository repository, ReleaseConfig config)
{
    /// <param name="publish">False when the caller publishes later together with more refs (the sprint roll-up).</param>
    public async Task<RepoResult<ReleaseOutcome>> ExecuteAsync(ReleasePlan plan, bool publish, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (!plan.HasRelease)
        {
            return RepoResult<ReleaseOutcome>.Fail("nothing to release");
        }

        if (plan.Problems.Count > 0)
        {
            return RepoResult<ReleaseOutcome>.Fail("cannot release: " + string.Join("; ", plan.Problems));
        }

        var sha = plan.Head.Sha;
        if (plan.Changes.Count > 0)
        {
            var commit = await repository.CommitAsync(plan.Head, plan.Changes, plan.CommitMessage!, cancellationToken);
            if (!commit.IsSuccess)
            {
                return commit.As<ReleaseOutcome>();
            }

            sha = commit.Value!;
        }

        var tags = new List<string>();
        foreach (var unit in plan.Units.Where(u => u.Releasable))
        {
            var tag = await repository.CreateTagAsync(unit.Tag!, unit.TagMessage!, sha, cancellationToken);
            if (!tag.IsSuccess)
            {
                var done = plan.Changes.Count > 0 ? $" (the release commit {sha[..7]} exists{(tags.Count > 0 ? ", tags " + string.Join(", ", tags) : "")})" : "";
                return RepoResult<ReleaseOutcome>.Fail(tag.Error + done);
            }

            tags.Add(unit.Tag!);
        }

        var releases = repository.SupportsPullRequests && config.GitHub.Release
            ? plan.Units.Where(u => u.Releasable).Select(u => new HostRelease(u.Tag!, u.Tag!, Notes(u.ChangelogSection), u.Decision.Next!.IsPrerelease)).ToList()
            : [];
        var request = plan.Push || repository.SupportsPullRequests
            ? new PublishRequest(plan.Changes.Count > 0 ? [plan.Head.Branch] : [], tags, releases)
            : new PublishRequest([], [], releases);
        if (!publish)
        {
            return RepoResult<ReleaseOutcome>.Ok(new ReleaseOutcome(sha, tags, request, null));
        }

        var published = await repository.PublishAsync(request, cancellationToken);
        return published.IsSuccess
            ? RepoResult<ReleaseOutcome>.Ok(new ReleaseOutcome(sha, tags, request, published.Value))
            : RepoResult<ReleaseOutcome>.Fail($"{published.Error} (committed {sha[..7]} and tagged {string.Join(", ", tags)} locally)");
    }

    /// <summary>The changelog section without its heading, as release notes.</summary>
    internal static string Notes(string? section)
    {
        if (section is null)
        {
            return "";
        }

        var newline = section.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? "" : section[(newline + 1)..].Trim('\n') + "\n";
    }
}
