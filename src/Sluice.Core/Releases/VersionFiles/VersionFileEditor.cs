using Sluice.Core.Releases.Versioning;

namespace Sluice.Core.Releases.VersionFiles;

/// <summary>
/// Rewrites or checks one file's version. Only the version's characters change; everything else stays byte for
/// byte. Outcomes are values: the file may carry no version, or deliberately none (dynamic).
/// </summary>
internal static class VersionFileEditor
{
    public static VersionFileEdit Rewrite(VersionFileSpec spec, string? content, SemVersion version)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(version);
        var rendered = spec.Format.Render(version);
        if (content is null)
        {
            return new VersionFileEdit(spec.Path, spec.Format.Name, VersionFileStatus.Missing, null, rendered, null, null, "file not found");
        }

        var location = spec.Format.Find(content, out var skip);
        if (location is null)
        {
            return skip is not null
                ? new VersionFileEdit(spec.Path, spec.Format.Name, VersionFileStatus.Skipped, null, rendered, content, null, skip)
                : new VersionFileEdit(spec.Path, spec.Format.Name, VersionFileStatus.NoVersion, null, rendered, content, null, $"no {spec.Format.Name} version found");
        }

        if (location.Value == rendered)
        {
            return new VersionFileEdit(spec.Path, spec.Format.Name, VersionFileStatus.Unchanged, location.Value, rendered, content, content, null);
        }

        var after = string.Concat(content.AsSpan(0, location.Start), rendered, content.AsSpan(location.Start + location.Length));
        return new VersionFileEdit(spec.Path, spec.Format.Name, VersionFileStatus.Changed, location.Value, rendered, content, after, null);
    }
}
