using Sluice.Core.Releases.Versioning;

namespace Sluice.Core.Releases.VersionFiles;

/// <summary>A plain <c>VERSION</c> file: the whole content is the version; surrounding whitespace and the final newline stay.</summary>
internal sealed class PlainVersionFormat : IVersionFileFormat
{
    public string Name => "plain";

    public VersionLocation? Find(string content, out string? skipReason)
    {
        ArgumentNullException.ThrowIfNull(content);
        skipReason = null;
        var start = content.Length - content.TrimStart().Length;
        var value = content.Trim();
        return new VersionLocation(start, value.Length, value);
    }

    public string Render(SemVersion version) => version.ToString();
}
