using Sluice.Core.Releases.Changelog;
using Sluice.Core.Releases.Commits;
using Sluice.Core.Releases.Config;
using Sluice.Core.Releases.Versioning;
using Sluice.Core.Releases.VersionFiles;

namespace Sluice.Engine.Releases;

/// <summary>
/// Prepares one unit's file changes: version files (configured, or discovered under the unit's path and kept only
/// when they carry a version) and the changelog section. Holds a working copy of every file it touched, so units
/// editing the same file compose, and <see cref="Changes"/> yields the final text of each changed file once.
/// </summary>
internal sealed class UnitPlanner(IReleaseRepository repository, ReleaseConfig config, RepositoryHead head, DateOnly today)
{
    private readonly Dictionary<string, string?> original = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> edited = new(StringComparer.Ordinal);
    private readonly List<string> order = [];
    private IReadOnlyList<string>? files;
    private ChangelogLinks? links;

    public async Task<RepoResult<UnitPlan>> PlanAsync(
        ReleaseUnit unit,
        ReleaseBaseline baseline,
        VersionDecision decision,
        IReadOnlyList<ConventionalCommit> sinceStable,
        IReadOnlyList<string> dropped,
        IReadOnlyList<ConventionalCommit> sinceLatest,
        CancellationToken cancellationToken)
    {
        if (!decision.Releasable)
        {
            return RepoResult<UnitPlan>.Ok(new UnitPlan(unit, baseline.LatestTag, baseline.Latest, decision, baseline.LatestStableTag, sinceStable, dropped, null, null, [], null, null, null));
        }

        var next = decision.Next!;
        var tag = unit.Tag.Format(next);
        var specs = unit.Files;
        if (specs is null)
        {
            if (files is null)
            {
                var listed = await repository.ListFilesAsync(head.Sha, cancellationToken);
                if (!listed.IsSuccess)
                {
                    return listed.As<UnitPlan>();
                }

                files = listed.Value!;
            }

            specs = VersionFileDiscovery.Candidates(files, unit.Path);
        }

        var edits = new List<VersionFileEdit>();
        foreach (var spec in specs)
        {
            var content = await ReadAsync(spec.Path, cancellationToken);
            if (!content.IsSuccess)
            {
                return content.As<UnitPlan>();
            }

            var edit = VersionFileEditor.Rewrite(spec, content.Value, next);
            if (!spec.Configured && edit.Status == VersionFileStatus.NoVersion)
            {
                continue;
            }

            edits.Add(edit);
            if (edit.Status == VersionFileStatus.Changed)
            {
                Stage(spec.Path, edit.After!);
            }
        }

        string? section = null;
        var previousTag = next.IsPrerelease ? baseline.LatestTag : baseline.LatestStableTag;
        if (unit.ChangelogPath is { } changelogPath)
        {
            var l = await LinksAsync(cancellationToken);
            if (!l.IsSuccess)
            {
                return l.As<UnitPlan>();
            }

            var commits = next.IsPrerelease ? sinceLatest : sinceStable;
            section = ChangelogRenderer.RenderSection(next, tag, previousTag, today, commits, l.Value!, config.IncludeOther);
            var existing = await ReadAsync(changelogPath, cancellationToken);
            if (!existing.IsSuccess)
            {
                return existing.As<UnitPlan>();
            }

            Stage(changelogPath, ChangelogDocument.Insert(existing.Value, section, next));
        }

        var tagMessage = config.TagMessage
            .Replace("{tag}", tag, StringComparison.Ordinal)
            .Replace("{version}", next.ToString(), StringComparison.Ordinal)
            .Replace("{name}", unit.Name ?? "", StringComparison.Ordinal);
        return RepoResult<UnitPlan>.Ok(new UnitPlan(
            unit, baseline.LatestTag, baseline.Latest, decision, baseline.LatestStableTag, sinceStable, dropped, tag, tagMessage, edits, unit.ChangelogPath, section, previousTag));
    }

    /// <summary>The final content of every file that differs from what was read, in the order first changed.</summary>
    public IReadOnlyList<FileChange> Changes() =>
        order.Where(p => edited[p] != original[p]).Select(p => new FileChange(p, edited[p])).ToList();

    private void Stage(string path, string content)
    {
        if (!edited.ContainsKey(path))
        {
            order.Add(path);
        }

        edited[path] = content;
    }

    private async Task<RepoResult<string?>> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (edited.TryGetValue(path, out var working))
        {
            return RepoResult<string?>.Ok(working);
        }

        if (original.TryGetValue(path, out var known))
        {
            return RepoResult<string?>.Ok(known);
        }

        var r = await repository.ReadFileAsync(path, head.Sha, cancellationToken);
        if (r.IsSuccess)
        {
            original[path] = r.Value;
        }

        return r;
    }

    private async Task<RepoResult<ChangelogLinks>> LinksAsync(CancellationToken cancellationToken)
    {
        if (links is not null)
        {
            return RepoResult<ChangelogLinks>.Ok(links);
        }

        var c = config.Changelog;
        if (c.CompareUrl is not null || c.CommitUrl is not null)
        {
            return RepoResult<ChangelogLinks>.Ok(links = new ChangelogLinks(c.CompareUrl, c.CommitUrl));
        }

        var web = await repository.GetWebUrlAsync(cancellationToken);
        if (!web.IsSuccess)
        {
            return web.As<ChangelogLinks>();
        }

        return RepoResult<ChangelogLinks>.Ok(links = web.Value is { } url ? ChangelogLinks.ForGitHub(url) : ChangelogLinks.None);
    }
}
