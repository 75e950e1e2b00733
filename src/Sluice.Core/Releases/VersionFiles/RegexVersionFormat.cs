using System.Text.RegularExpressions;
using Sluice.Core.Releases.Versioning;

namespace Sluice.Core.Releases.VersionFiles;

/// <summary>
/// Any file, with a configured pattern whose group <c>version</c> (or else its first group) captures the version.
/// The pattern runs multi-line (<c>^</c>/<c>$</c> match at line ends); the first match wins.
/// </summary>
internal sealed class RegexVersionFormat : IVersionFileFormat
{
    private readonly Regex regex;
    private readonly bool pep440;

    private RegexVersionFormat(Regex regex, bool pep440)
    {
        this.regex = regex;
        this.pep440 = pep440;
    }

    public string Name => "regex";

    public static bool TryCreate(string pattern, bool pep440, out RegexVersionFormat? format, out string? error)
    {
        format = null;
        Regex regex;
        try
        {
            regex = new Regex(pattern, RegexOptions.Multiline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException ex)
        {
            error = $"invalid pattern: {ex.Message}";
            return false;
        }

        if (regex.GroupNumberFromName("version") < 0 && regex.GetGroupNumbers().Length < 2)
        {
            error = "the pattern needs a group capturing the version: `(?<version>...)` or `(...)`";
            return false;
        }

        error = null;
        format = new RegexVersionFormat(regex, pep440);
        return true;
    }

    public VersionLocation? Find(string content, out string? skipReason)
    {
        skipReason = null;
        var m = regex.Match(content);
        if (!m.Success)
        {
            return null;
        }

        var g = m.Groups["version"].Success ? m.Groups["version"] : m.Groups[1];
        return g.Success ? new VersionLocation(g.Index, g.Length, g.Value) : null;
    }

    public string Render(SemVersion version) => pep440 ? Pep440.Format(version) : version.ToString();
}
