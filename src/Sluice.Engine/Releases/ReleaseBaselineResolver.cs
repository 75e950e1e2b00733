using Sluice.Core.Releases.Versioning;

namespace Sluice.Engine.Releases;

/// <summary>
/// Finds the last release: the highest version tag matching the template that is reachable from the head, and the
/// highest such tag without a pre-release part. Tags come from one listing; reachability is asked of the repository
/// only for tags the listing could not vouch for (GitHub), highest first, stopping once both answers are known.
/// </summary>
internal static class ReleaseBaselineResolver
{
    /// <returns>The baseline and the commit SHAs of its two tags (for history ranges).</returns>
    public static async Task<RepoResult<(ReleaseBaseline Baseline, string? LatestSha, string? StableSha)>> ResolveAsync(
        IReleaseRepository repository, IReadOnlyList<TagRef> tags, TagTemplate template, string headSha, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(tags);
        ArgumentNullException.ThrowIfNull(template);
        var candidates = tags
            .Select(t => (Tag: t, Version: template.Match(t.Name)))
            .Where(x => x.Version is not null)
            .OrderByDescending(x => x.Version!)
            .ToList();

        (TagRef Tag, SemVersion Version)? latest = null;
        (TagRef Tag, SemVersion Version)? stable = null;
        foreach (var (tag, version) in candidates)
        {
            if (latest is not null && version!.IsPrerelease)
            {
                // The latest is known; only a release without a pre-release part is still sought.
                continue;
            }

            var reachable = tag.ReachableFromHead;
            if (reachable is null)
            {
                var r = await repository.IsAncestorAsync(tag.CommitSha, headSha, cancellationToken);
                if (!r.IsSuccess)
                {
                    return r.As<(ReleaseBaseline, string?, string?)>();
                }

                reachable = r.Value;
            }

            if (reachable != true)
            {
                continue;
            }

            latest ??= (tag, version!);
            if (!version!.IsPrerelease)
            {
                stable = (tag, version);
                break;
            }
        }

        var baseline = new ReleaseBaseline(
            latest?.Version,
            latest?.Tag.Name,
            stable?.Version,
            stable?.Tag.Name,
            candidates.Select(c => c.Version!).ToList());
        return RepoResult<(ReleaseBaseline, string?, string?)>.Ok((baseline, latest?.Tag.CommitSha, stable?.Tag.CommitSha));
    }
}
