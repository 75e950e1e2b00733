using Sluice.Core.Releases.Versioning;

namespace Sluice.Core.Releases.VersionFiles;

/// <summary>
/// One kind of file that carries a version. Implementations find the version's exact span so a rewrite changes
/// those characters only: quoting, indentation, comments and line endings stay as written.
/// </summary>
internal interface IVersionFileFormat
{
    /// <summary>Stable name used in configuration (<c>format: python</c>) and in plans.</summary>
    string Name { get; }

    /// <summary>
    /// The version's location, or null when the file has none. <paramref name="skipReason"/> is set when the file
    /// deliberately has no static version (a dynamic or workspace-inherited one) and must be left alone.
    /// </summary>
    VersionLocation? Find(string content, out string? skipReason);

    /// <summary>The version as this file spells it (PEP 440 for Python files).</summary>
    string Render(SemVersion version);
}
