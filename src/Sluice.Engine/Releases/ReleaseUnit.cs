using Sluice.Core.Releases.Config;
using Sluice.Core.Releases.Versioning;
using Sluice.Core.Releases.VersionFiles;

namespace Sluice.Engine.Releases;

/// <summary>
/// Something versioned on its own: the whole repository, or one monorepo package (commits limited to its path,
/// its own tags, version files and changelog).
/// </summary>
/// <param name="Files">Configured version files, or null to discover them under <see cref="Path"/>.</param>
internal sealed record ReleaseUnit(
    string? Name,
    string? Path,
    TagTemplate Tag,
    IReadOnlyList<VersionFileSpec>? Files,
    string? ChangelogPath,
    BumpPolicy Policy)
{
    public string Label => Name ?? "repository";

    /// <summary>The units a configuration releases: its packages when it has any, else the repository.</summary>
    public static IReadOnlyList<ReleaseUnit> From(ReleaseConfig config, BumpPolicy? policyOverride = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Packages.Count == 0)
        {
            return
            [
                new ReleaseUnit(
                    null,
                    null,
                    TagTemplate.Create(config.Tag),
                    config.Files,
                    config.Changelog.Enabled ? config.Changelog.File : null,
                    policyOverride ?? config.Policy),
            ];
        }

        return config.Packages
            .Select(p => new ReleaseUnit(p.Name, p.Path, TagTemplate.Create(p.Tag, p.Name), p.Files, p.ChangelogFile, policyOverride ?? p.Policy ?? config.Policy))
            .ToList();
    }
}
