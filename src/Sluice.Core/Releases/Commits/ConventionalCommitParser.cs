namespace Sluice.Core.Releases.Commits;

/// <summary>
/// Parses commit messages under Conventional Commits 1.0: <c>type(scope)!: description</c>, a body of any number
/// of paragraphs, and footers (<c>Token: value</c> or <c>Token #value</c>; values may continue on following lines and
/// paragraphs). Types are case-insensitive; the <c>BREAKING CHANGE</c>/<c>BREAKING-CHANGE</c> tokens must be upper
/// case as the spec says. Written on spans: it runs once per commit over whole histories.
/// </summary>
internal static class ConventionalCommitParser
{
    private const string RevertsPrefix = "This reverts commit ";

    public static ConventionalCommit Parse(RawCommit commit)
    {
        ArgumentNullException.ThrowIfNull(commit);
        var message = commit.Message.Contains('\r', StringComparison.Ordinal) ? commit.Message.Replace("\r\n", "\n", StringComparison.Ordinal) : commit.Message;
        var text = message.AsSpan().Trim('\n');
        var newline = text.IndexOf('\n');
        var header = (newline < 0 ? text : text[..newline]).Trim().ToString();
        var restSpan = newline < 0 ? [] : text[(newline + 1)..].Trim('\n');
        var rest = restSpan.IsEmpty ? "" : restSpan.ToString();

        var (body, footers) = CommitFooterParser.Split(rest);
        string? type = null;
        string? scope = null;
        var description = header;
        var bang = false;
        if (TryParseHeader(header, out var t, out var s, out var b, out var d))
        {
            type = t;
            scope = s;
            bang = b;
            description = d;
        }

        string? breakingNote = null;
        foreach (var footer in footers)
        {
            if (footer.Token is "BREAKING CHANGE" or "BREAKING-CHANGE")
            {
                breakingNote ??= footer.Value;
            }
        }

        var (revertsSha, revertsHeader) = FindRevertTarget(header, type, description, body, footers);
        if (revertsHeader is not null && type is null)
        {
            // git's own `Revert "..."` commits are reverts even though they are not conventional.
            type = "revert";
        }

        return new ConventionalCommit(
            commit.Sha,
            header,
            type,
            scope,
            description,
            bang || breakingNote is not null,
            breakingNote,
            body,
            footers,
            commit.IsMerge,
            revertsSha,
            revertsHeader);
    }

    internal static bool TryParseHeader(string header, out string type, out string? scope, out bool bang, out string description)
    {
        type = "";
        scope = null;
        bang = false;
        description = "";
        var span = header.AsSpan();
        var i = 0;
        while (i < span.Length && (char.IsAsciiLetterOrDigit(span[i]) || span[i] == '-' || span[i] == '_'))
        {
            i++;
        }

        if (i == 0 || !char.IsAsciiLetter(span[0]))
        {
            return false;
        }

        var typeEnd = i;
        if (i < span.Length && span[i] == '(')
        {
            var close = span[i..].IndexOf(')');
            if (close < 0)
            {
                return false;
            }

            var scopeText = span.Slice(i + 1, close - 1).Trim();
            if (scopeText.Length == 0 || scopeText.IndexOfAny('(', '\n') >= 0)
            {
                return false;
            }

            scope = scopeText.ToString();
            i += close + 1;
        }

        if (i < span.Length && span[i] == '!')
        {
            bang = true;
            i++;
        }

        if (i + 1 >= span.Length || span[i] != ':' || span[i + 1] != ' ')
        {
            return false;
        }

        var desc = span[(i + 2)..].Trim();
        if (desc.Length == 0)
        {
            return false;
        }

        type = InternType(span[..typeEnd]);
        description = desc.ToString();
        return true;
    }

    private static readonly string[] KnownTypes = ["feat", "fix", "chore", "docs", "refactor", "perf", "test", "ci", "build", "style", "revert"];

    /// <summary>Lower-cased type; the common ones come back as shared strings (one parse per commit of long histories).</summary>
    private static string InternType(ReadOnlySpan<char> type)
    {
        foreach (var known in KnownTypes)
        {
            if (type.Equals(known, StringComparison.OrdinalIgnoreCase))
            {
                return known;
            }
        }

        return type.ToString().ToLowerInvariant();
    }

    private static (string? Sha, string? Header) FindRevertTarget(
        string header, string? type, string description, string body, IReadOnlyList<CommitFooter> footers)
    {
        string? targetHeader = null;
        if (header.StartsWith("Revert \"", StringComparison.Ordinal) && header.EndsWith('"') && header.Length > 9)
        {
            targetHeader = header[8..^1];
        }
        else if (header.StartsWith("Reapply \"", StringComparison.Ordinal) && header.EndsWith('"') && header.Length > 10)
        {
            // git 2.43+ names a revert of a revert `Reapply "x"`: it reverts the commit `Revert "x"`.
            targetHeader = "Revert \"" + header[9..^1] + "\"";
        }
        else if (type == "revert")
        {
            targetHeader = description;
        }

        if (targetHeader is null)
        {
            return (null, null);
        }

        string? sha = null;
        var at = body.IndexOf(RevertsPrefix, StringComparison.Ordinal);
        if (at >= 0)
        {
            sha = ReadSha(body.AsSpan(at + RevertsPrefix.Length));
        }

        foreach (var footer in footers)
        {
            if (sha is null && footer.Token.Equals("Refs", StringComparison.OrdinalIgnoreCase))
            {
                sha = ReadSha(footer.Value);
            }
        }

        return (sha, targetHeader);
    }

    private static string? ReadSha(ReadOnlySpan<char> text)
    {
        var n = 0;
        while (n < text.Length && char.IsAsciiHexDigit(text[n]))
        {
            n++;
        }

        return n >= 7 ? text[..n].ToString().ToLowerInvariant() : null;
    }
}
