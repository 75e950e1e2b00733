namespace Sluice.Core.Releases.VersionFiles;

/// <summary>
/// A file whose version a release rewrites. <see cref="Configured"/> files were listed in <c>.sluice/release.yml</c>
/// and must exist and carry a version; discovered files are used only when they do.
/// </summary>
internal sealed record VersionFileSpec(string Path, IVersionFileFormat Format, bool Configured);
