namespace Sluice.Core.Releases.Commits;

/// <summary>Splits what follows a commit header into the body and the footers (trailers) of Conventional Commits 1.0.</summary>
internal static class CommitFooterParser
{
    /// <summary>
    /// Footers start at the first paragraph that opens with a <c>BREAKING CHANGE</c> token, or else at the first of
    /// the trailing paragraphs made only of footer lines (the very last may continue a value on further lines). Lines
    /// after a footer that are not tokens continue its value, so a multi-paragraph breaking-change note stays whole.
    /// </summary>
    public static (string Body, IReadOnlyList<CommitFooter> Footers) Split(string rest)
    {
        if (rest.Length == 0)
        {
            return ("", []);
        }

        var paragraphs = rest.Split("\n\n", StringSplitOptions.None);
        var start = -1;
        for (var p = 0; p < paragraphs.Length && start < 0; p++)
        {
            if (IsBreakingToken(paragraphs[p]))
            {
                start = p;
            }
        }

        if (start < 0)
        {
            for (var p = paragraphs.Length - 1; p >= 0 && IsFooterParagraph(paragraphs[p], last: p == paragraphs.Length - 1); p--)
            {
                start = p;
            }
        }

        if (start < 0)
        {
            return (rest, []);
        }

        var body = string.Join("\n\n", paragraphs[..start]).Trim('\n');
        var footers = new List<CommitFooter>();
        string? token = null;
        var value = new List<string>();
        foreach (var line in string.Join("\n\n", paragraphs[start..]).Split('\n'))
        {
            if (TryFooterLine(line, out var t, out var v))
            {
                Flush();
                token = t;
                value.Add(v);
            }
            else
            {
                value.Add(line);
            }
        }

        Flush();
        return (body, footers);

        void Flush()
        {
            if (token is not null)
            {
                footers.Add(new CommitFooter(token, string.Join('\n', value).Trim()));
            }

            token = null;
            value.Clear();
        }
    }

    /// <summary>Every line is a footer; only the last paragraph may carry continuation lines.</summary>
    private static bool IsFooterParagraph(string paragraph, bool last)
    {
        var lines = paragraph.Trim('\n').Split('\n');
        if (!TryFooterLine(lines[0], out _, out _))
        {
            return false;
        }

        return last || lines.All(l => TryFooterLine(l, out _, out _));
    }

    private static bool IsBreakingToken(string paragraph)
    {
        var p = paragraph.TrimStart('\n');
        return p.StartsWith("BREAKING CHANGE: ", StringComparison.Ordinal) || p.StartsWith("BREAKING-CHANGE: ", StringComparison.Ordinal)
            || p.StartsWith("BREAKING CHANGE #", StringComparison.Ordinal) || p.StartsWith("BREAKING-CHANGE #", StringComparison.Ordinal);
    }

    private static bool TryFooterLine(string line, out string token, out string value)
    {
        token = "";
        value = "";
        if (line.StartsWith("BREAKING CHANGE", StringComparison.Ordinal) && line.Length > 16 && (line[15] == ':' || line[15] == ' '))
        {
            return Separator(line, 15, out token, out value);
        }

        var i = 0;
        while (i < line.Length && (char.IsAsciiLetterOrDigit(line[i]) || line[i] == '-'))
        {
            i++;
        }

        return i > 0 && Separator(line, i, out token, out value);
    }

    private static bool Separator(string line, int end, out string token, out string value)
    {
        token = line[..end];
        value = "";
        if (end + 1 < line.Length && line[end] == ':' && line[end + 1] == ' ')
        {
            value = line[(end + 2)..];
            return true;
        }

        if (end + 1 < line.Length && line[end] == ' ' && line[end + 1] == '#')
        {
            value = line[(end + 1)..];
            return true;
        }

        return false;
    }
}
