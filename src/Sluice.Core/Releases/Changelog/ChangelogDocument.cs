using System.Text.RegularExpressions;
using Sluice.Core.Releases.Versioning;

namespace Sluice.Core.Releases.Changelog;

/// <summary>
/// Places a release section in CHANGELOG.md: newest first, below any title or preamble, above the previous
/// release. A section for the same version already in the file is replaced, so re-running a release does not
/// duplicate it.
/// </summary>
internal static class ChangelogDocument
{
    public const string NewFileTitle = "# Changelog\n";

    private static readonly Regex ReleaseHeading = new(@"^## ", RegexOptions.Multiline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    public static string Insert(string? existing, string section, SemVersion version)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(version);
        var block = section.TrimEnd('\n') + "\n";
        if (string.IsNullOrWhiteSpace(existing))
        {
            return NewFileTitle + "\n" + block;
        }

        var text = existing.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (FindSection(text, version) is var (start, length))
        {
            var after = text[(start + length)..];
            return text[..start] + block + (after.Length > 0 ? "\n" + after : "");
        }

        var first = ReleaseHeading.Match(text);
        if (first.Success)
        {
            return text[..first.Index] + block + "\n" + text[first.Index..];
        }

        return text.TrimEnd('\n') + "\n\n" + block;
    }

    /// <summary>The span of the section for <paramref name="version"/>, from its heading to the next release heading.</summary>
    public static (int Start, int Length)? FindSection(string text, SemVersion version)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(version);
        var heading = new Regex(
            @"^## \[?" + Regex.Escape(version.ToString()) + @"\]?(?=[\s(]|$)",
            RegexOptions.Multiline | RegexOptions.CultureInvariant,
            TimeSpan.FromSeconds(1));
        var m = heading.Match(text);
        if (!m.Success)
        {
            return null;
        }

        var next = ReleaseHeading.Match(text, m.Index + m.Length);
        var end = next.Success ? next.Index : text.Length;
        var length = end - m.Index;
        return (m.Index, length);
    }
}
