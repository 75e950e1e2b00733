using System.Globalization;
using System.Text;

namespace Sluice.Core.Releases.VersionFiles;

/// <summary>
/// A small unified diff for plans: one hunk spanning the changed lines (common leading and trailing lines are
/// trimmed), with up to <c>context</c> lines around. Release edits touch one region of a file, so one hunk is enough.
/// </summary>
internal static class TextDiff
{
    public static string Unified(string path, string? before, string after, int context = 1)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(after);
        var a = Lines(before ?? "");
        var b = Lines(after);
        var head = 0;
        while (head < a.Length && head < b.Length && a[head] == b[head])
        {
            head++;
        }

        var tail = 0;
        while (tail < a.Length - head && tail < b.Length - head && a[^(tail + 1)] == b[^(tail + 1)])
        {
            tail++;
        }

        var sb = new StringBuilder();
        sb.Append("--- ").Append(before is null ? "/dev/null" : "a/" + path).Append('\n');
        sb.Append("+++ b/").Append(path).Append('\n');
        if (head == a.Length && head == b.Length)
        {
            return sb.ToString();
        }

        var from = Math.Max(0, head - context);
        var aEnd = Math.Min(a.Length, a.Length - tail + context);
        var bEnd = Math.Min(b.Length, b.Length - tail + context);
        sb.Append(CultureInfo.InvariantCulture, $"@@ -{from + 1},{aEnd - from} +{from + 1},{bEnd - from} @@\n");
        for (var i = from; i < head; i++)
        {
            sb.Append(' ').Append(a[i]).Append('\n');
        }

        for (var i = head; i < a.Length - tail; i++)
        {
            sb.Append('-').Append(a[i]).Append('\n');
        }

        for (var i = head; i < b.Length - tail; i++)
        {
            sb.Append('+').Append(b[i]).Append('\n');
        }

        for (var i = b.Length - tail; i < bEnd; i++)
        {
            sb.Append(' ').Append(b[i]).Append('\n');
        }

        return sb.ToString();
    }

    private static string[] Lines(string text)
    {
        if (text.Length == 0)
        {
            return [];
        }

        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        return text.EndsWith('\n') ? lines[..^1] : lines;
    }
}
