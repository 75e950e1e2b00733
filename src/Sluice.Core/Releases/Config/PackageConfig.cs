using Sluice.Core.Releases.Versioning;
using Sluice.Core.Releases.VersionFiles;

namespace Sluice.Core.Releases.Config;

/// <summary>
/// One entry of <c>packages:</c>: versioned on the commits that touch <see cref="Path"/>, tagged with
/// <see cref="Tag"/> (default <c>{name}-v{version}</c>), its changelog at <c>{path}/CHANGELOG.md</c> by default.
/// </summary>
/// <param name="Files">Configured version files (repository-relative); null means "discover under the path".</param>
/// <param name="Policy">Overrides the top-level policy for this package.</param>
internal sealed record PackageConfig(
    string Name,
    string Path,
    string Tag,
    IReadOnlyList<VersionFileSpec>? Files,
    string? ChangelogFile,
    BumpPolicy? Policy);
