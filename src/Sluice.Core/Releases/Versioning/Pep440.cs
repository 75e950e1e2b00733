using System.Globalization;

namespace Sluice.Core.Releases.Versioning;

/// <summary>
/// Renders a semantic version in the PEP 440 form Python packaging expects: <c>1.3.0-rc.1</c> becomes
/// <c>1.3.0rc1</c>, <c>alpha</c>/<c>beta</c> become <c>a</c>/<c>b</c>, <c>dev</c> and <c>post</c> become
/// <c>.devN</c>/<c>.postN</c>. Labels PEP 440 has no word for become <c>.devN</c> so the result still sorts before
/// the release; build metadata becomes a local version (<c>+build.5</c>).
/// </summary>
internal static class Pep440
{
    public static string Format(SemVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var text = $"{version.Major}.{version.Minor}.{version.Patch}";
        if (version.IsPrerelease)
        {
            var label = (version.PrereleaseLabel ?? "").ToLowerInvariant();
            var number = (version.PrereleaseNumber ?? 0).ToString(CultureInfo.InvariantCulture);
            text += label switch
            {
                "a" or "alpha" => "a" + number,
                "b" or "beta" => "b" + number,
                "rc" or "c" or "pre" or "preview" => "rc" + number,
                "post" => ".post" + number,
                _ => ".dev" + number,
            };
        }

        if (version.Build is not null)
        {
            text += "+" + version.Build.Replace('-', '.');
        }

        return text;
    }
}
