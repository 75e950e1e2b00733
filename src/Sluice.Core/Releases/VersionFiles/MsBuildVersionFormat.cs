using System.Text.RegularExpressions;
using Sluice.Core.Releases.Versioning;

namespace Sluice.Core.Releases.VersionFiles;

/// <summary>
/// <c>.csproj</c>/<c>.fsproj</c>/<c>Directory.Build.props</c>: the first <c>&lt;Version&gt;</c> element. A value built
/// from properties (<c>$(VersionPrefix)</c>) is computed by MSBuild and left alone.
/// </summary>
internal sealed partial class MsBuildVersionFormat : IVersionFileFormat
{
    public string Name => "msbuild";

    public VersionLocation? Find(string content, out string? skipReason)
    {
        skipReason = null;
        var m = Element().Match(content);
        if (!m.Success)
        {
            return null;
        }

        var v = m.Groups["v"];
        if (v.Value.Contains("$(", StringComparison.Ordinal))
        {
            skipReason = "<Version> is computed from MSBuild properties";
            return null;
        }

        return new VersionLocation(v.Index, v.Length, v.Value);
    }

    public string Render(SemVersion version) => version.ToString();

    [GeneratedRegex(@"<Version(?:\s[^>]*)?>\s*(?<v>[^<\s]*)\s*</Version>", RegexOptions.CultureInvariant)]
    private static partial Regex Element();
}
