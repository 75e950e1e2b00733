using System.Text.RegularExpressions;
using Sluice.Core.Releases.Versioning;

namespace Sluice.Core.Releases.VersionFiles;

/// <summary>
/// <c>Cargo.toml</c>: <c>version</c> in <c>[package]</c>, or in <c>[workspace.package]</c> for a workspace root. A
/// package inheriting its version (<c>version.workspace = true</c>) is left alone.
/// </summary>
internal sealed partial class CargoVersionFormat : IVersionFileFormat
{
    public string Name => "cargo";

    public VersionLocation? Find(string content, out string? skipReason)
    {
        skipReason = null;
        foreach (var table in new[] { "package", "workspace.package" })
        {
            if (TomlTable.Find(content, table) is not var (start, end))
            {
                continue;
            }

            var body = content[start..end];
            if (Inherited().IsMatch(body))
            {
                skipReason = $"[{table}].version is inherited from the workspace";
                return null;
            }

            var m = Version().Match(body);
            if (m.Success)
            {
                return new VersionLocation(start + m.Groups["v"].Index, m.Groups["v"].Length, m.Groups["v"].Value);
            }
        }

        return null;
    }

    public string Render(SemVersion version) => version.ToString();

    [GeneratedRegex(@"^[ \t]*version(?:[ \t]*\.[ \t]*workspace[ \t]*=[ \t]*true|[ \t]*=[ \t]*\{[^}]*workspace[ \t]*=[ \t]*true)", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex Inherited();

    [GeneratedRegex(@"^[ \t]*version[ \t]*=[ \t]*""(?<v>[^""\r\n]*)""", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex Version();
}
