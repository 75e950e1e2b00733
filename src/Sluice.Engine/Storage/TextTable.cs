namespace Sluice.Engine.Storage;

/// <summary>Plain-text columns padded to the widest cell, two spaces apart, no trailing spaces: readable and easy to grep/awk.</summary>
internal static class TextTable
{
    public static IEnumerable<string> Render(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows, string indent = "")
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        yield return Line(headers);
        foreach (var row in rows)
        {
            yield return Line(row);
        }

        string Line(IReadOnlyList<string> cells) =>
            (indent + string.Join("  ", cells.Select((c, i) => c.PadRight(widths[i])))).TrimEnd();
    }
}
