using System.Text.RegularExpressions;
using Sluice.Core.Releases.Versioning;

namespace Sluice.Core.Releases.VersionFiles;

/// <summary>
/// <c>pyproject.toml</c>: <c>version</c> in the <c>[project]</c> table, in PEP 440 form. A project that lists
/// <c>version</c> under <c>dynamic</c> gets its version from a build backend and is left alone.
/// </summary>
internal sealed partial class PyprojectVersionFormat : IVersionFileFormat
{
    public string Name => "pyproject";

    public VersionLocation? Find(string content, out string? skipReason)
    {
        skipReason = null;
        if (TomlTable.Find(content, "project") is not var (start, end))
        {
            return null;
        }

        var table = content[start..end];
        if (Dynamic().IsMatch(table))
        {
            skipReason = "[project].version is dynamic";
            return null;
        }

        var m = Version().Match(table);
        return m.Success ? new VersionLocation(start + m.Groups["v"].Index, m.Groups["v"].Length, m.Groups["v"].Value) : null;
    }

    public string Render(SemVersion version) => Pep440.Format(version);

    [GeneratedRegex(@"^[ \t]*dynamic[ \t]*=[ \t]*\[[^\]]*['""]version['""]", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex Dynamic();

    [GeneratedRegex(@"^[ \t]*version[ \t]*=[ \t]*(?<q>['""])(?<v>[^'""\r\n]*)\k<q>", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex Version();
}
