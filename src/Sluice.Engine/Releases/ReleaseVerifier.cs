using Sluice.Core.Releases.Changelog;
using Sluice.Core.Releases.Config;
using Sluice.Core.Releases.VersionFiles;

namespace Sluice.Engine.Releases;

/// <summary>
/// Checks that the version files (configured, or discovered as a release would) say what a tag says — run before
/// publishing so a package never ships with a stale version. The changelog must also have a section for the version.
/// Files are read at the head (the checkout in git mode).
/// </summary>
internal sealed class ReleaseVerifier(IReleaseRepository repository, ReleaseConfig config)
{
    public async Task<RepoResult<VerifyReport>> VerifyAsync(string tag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tag);
        var units = ReleaseUnit.From(config);
        var match = units.Select(u => (Unit: u, Version: u.Tag.Match(tag))).FirstOrDefault(x => x.Version is not null);
        if (match.Version is null)
        {
            return RepoResult<VerifyReport>.Fail(
                $"tag `{tag}` matches no tag template ({string.Join(", ", units.Select(u => u.Tag.Template))})");
        }

        var (unit, version) = match;
        var head = await repository.GetHeadAsync(config.Branch, cancellationToken);
        if (!head.IsSuccess)
        {
            return head.As<VerifyReport>();
        }

        var specs = unit.Files;
        if (specs is null)
        {
            var listed = await repository.ListFilesAsync(head.Value!.Sha, cancellationToken);
            if (!listed.IsSuccess)
            {
                return listed.As<VerifyReport>();
            }

            specs = VersionFileDiscovery.Candidates(listed.Value!, unit.Path);
        }

        var files = new List<VerifyFile>();
        foreach (var spec in specs)
        {
            var content = await repository.ReadFileAsync(spec.Path, head.Value!.Sha, cancellationToken);
            if (!content.IsSuccess)
            {
                return content.As<VerifyReport>();
            }

            var check = VersionFileEditor.Rewrite(spec, content.Value, version!);
            switch (check.Status)
            {
                case VersionFileStatus.Unchanged:
                    files.Add(new VerifyFile(spec.Path, check.OldValue, check.NewValue, true, null));
                    break;
                case VersionFileStatus.Changed:
                    files.Add(new VerifyFile(spec.Path, check.OldValue, check.NewValue, false, null));
                    break;
                case VersionFileStatus.Skipped:
                    files.Add(new VerifyFile(spec.Path, null, check.NewValue, true, check.Note));
                    break;
                case VersionFileStatus.NoVersion or VersionFileStatus.Missing when spec.Configured:
                    files.Add(new VerifyFile(spec.Path, null, check.NewValue, false, check.Note));
                    break;
            }
        }

        if (unit.ChangelogPath is { } changelog)
        {
            var text = await repository.ReadFileAsync(changelog, head.Value!.Sha, cancellationToken);
            if (!text.IsSuccess)
            {
                return text.As<VerifyReport>();
            }

            var has = text.Value is not null && ChangelogDocument.FindSection(text.Value.Replace("\r\n", "\n", StringComparison.Ordinal), version!) is not null;
            files.Add(new VerifyFile(changelog, has ? version!.ToString() : null, version!.ToString(), has, has ? null : $"no section for {version}"));
        }

        return RepoResult<VerifyReport>.Ok(new VerifyReport(tag, version!.ToString(), unit.Name, files));
    }
}
