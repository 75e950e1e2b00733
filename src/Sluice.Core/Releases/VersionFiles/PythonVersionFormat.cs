using System.Text.RegularExpressions;
using Sluice.Core.Releases.Versioning;

namespace Sluice.Core.Releases.VersionFiles;

/// <summary><c>__version__ = "1.3.0"</c> in <c>__init__.py</c>/<c>version.py</c>, written in PEP 440 form (<c>1.3.0rc1</c>).</summary>
internal sealed partial class PythonVersionFormat : IVersionFileFormat
{
    public string Name => "python";

    public VersionLocation? Find(string content, out string? skipReason)
    {
        skipReason = null;
        var m = Assignment().Match(content);
        return m.Success ? new VersionLocation(m.Groups["v"].Index, m.Groups["v"].Length, m.Groups["v"].Value) : null;
    }

    public string Render(SemVersion version) => Pep440.Format(version);

    [GeneratedRegex(@"^__version__[ \t]*(?::[ \t]*str[ \t]*)?=[ \t]*(?<q>['""])(?<v>[^'""\r\n]*)\k<q>", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex Assignment();
}
