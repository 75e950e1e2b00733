using System.Text.RegularExpressions;

namespace Sluice.Core.Releases.VersionFiles;

/// <summary>Just enough TOML to find a table's body (<c>[project]</c> up to the next table header) by line scanning.</summary>
internal static partial class TomlTable
{
    /// <summary>The character range of the body of table <paramref name="name"/>, or null when the table is absent.</summary>
    public static (int Start, int End)? Find(string content, string name)
    {
        ArgumentNullException.ThrowIfNull(content);
        int? start = null;
        foreach (Match header in Header().Matches(content))
        {
            if (start is { } s)
            {
                return (s, header.Index);
            }

            if (header.Groups["name"].Value.Replace(" ", "", StringComparison.Ordinal) == name)
            {
                start = header.Index + header.Length;
            }
        }

        return start is { } open ? (open, content.Length) : null;
    }

    [GeneratedRegex(@"^[ \t]*\[(?!\[)(?<name>[^\]\r\n]+)\][ \t]*(?:#[^\r\n]*)?$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex Header();
}
