using System.Diagnostics.CodeAnalysis;

namespace Sluice.Core.Globs;

/// <summary>
/// Compiles one brace-free glob alternative into tokens for <see cref="GlobMatcher"/>. <c>*</c>, <c>?</c> and
/// character classes never match <c>/</c>; <c>**</c> matches across <c>/</c>, and <c>**/</c> at the
/// start of a segment may also match nothing (so <c>a/**/b</c> matches <c>a/b</c>); a trailing <c>/</c>
/// matches everything below that directory.
/// </summary>
internal static class GlobTranslator
{
    public static bool TryTranslate(string glob, [NotNullWhen(true)] out GlobToken[]? tokens, [NotNullWhen(false)] out string? error)
    {
        tokens = null;
        var sb = new List<GlobToken>(glob.Length);
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            switch (c)
            {
                case '\\':
                    sb.Add(new GlobToken(GlobTokenKind.Literal, glob[++i])); // the expander guarantees a character follows
                    break;
                case '*':
                    var stars = 1;
                    while (i + stars < glob.Length && glob[i + stars] == '*')
                    {
                        stars++;
                    }

                    if (stars > 2)
                    {
                        error = "`***` is not a valid wildcard; use `*` within a directory or `**` for any depth";
                        return false;
                    }

                    if (stars == 1)
                    {
                        sb.Add(new GlobToken(GlobTokenKind.Star));
                    }
                    else if ((i == 0 || glob[i - 1] == '/') && i + 2 < glob.Length && glob[i + 2] == '/')
                    {
                        sb.Add(new GlobToken(GlobTokenKind.Directories));
                        sb.Add(new GlobToken(GlobTokenKind.DirectoriesInside));
                        i += 2; // the `/` is part of the optional group
                    }
                    else
                    {
                        sb.Add(new GlobToken(GlobTokenKind.DeepStar));
                        i++;
                    }

                    break;
                case '?':
                    sb.Add(new GlobToken(GlobTokenKind.AnyChar));
                    break;
                case '[':
                    var end = BraceExpander.FindClassEnd(glob, i);
                    if (!TryTranslateClass(glob[(i + 1)..end], sb, out error))
                    {
                        return false;
                    }

                    i = end;
                    break;
                default:
                    sb.Add(new GlobToken(GlobTokenKind.Literal, c));
                    break;
            }
        }

        if (glob.EndsWith('/'))
        {
            sb.Add(new GlobToken(GlobTokenKind.DeepStar));
        }

        tokens = [.. sb];
        error = null;
        return true;
    }

    /// <summary>
    /// <c>[abc]</c>, <c>[a-z]</c>, <c>[!a]</c> (or <c>[^a]</c>); <c>\</c> escapes inside a class too
    /// (<c>[\]]</c>), and a <c>-</c> first or last is literal. A class never matches <c>/</c>.
    /// </summary>
    private static bool TryTranslateClass(string content, List<GlobToken> sb, [NotNullWhen(false)] out string? error)
    {
        var written = "[" + content + "]";
        var negate = content.Length > 0 && content[0] is '!' or '^';
        var chars = Unescape(negate ? content[1..] : content, out var escaped);
        if (chars.Count == 0)
        {
            error = $"empty character class `{written}`; to match `]` write `[\\]]`";
            return false;
        }

        var ranges = new List<(char Low, char High)>();
        for (var i = 0; i < chars.Count; i++)
        {
            if (i + 2 < chars.Count && chars[i + 1] == '-' && !escaped[i + 1])
            {
                if (chars[i] > chars[i + 2])
                {
                    error = $"reversed range `{chars[i]}-{chars[i + 2]}` in `{written}`; write the smaller character first";
                    return false;
                }

                ranges.Add((chars[i], chars[i + 2]));
                i += 2;
            }
            else
            {
                ranges.Add((chars[i], chars[i]));
            }
        }

        // Cut `/` out of positive ranges (`[.-0]` spans it); a negated class simply lists it.
        if (!negate)
        {
            ranges = ranges.SelectMany(r => r.Low <= '/' && '/' <= r.High
                ? new[] { (r.Low, (char)('/' - 1)), ((char)('/' + 1), r.High) }.Where(p => p.Item1 <= p.Item2)
                : [r]).ToList();
            if (ranges.Count == 0)
            {
                error = $"`{written}` can never match: character classes do not match `/`";
                return false;
            }
        }

        sb.Add(new GlobToken(GlobTokenKind.Class, Ranges: [.. ranges], Negated: negate));
        error = null;
        return true;
    }

    private static List<char> Unescape(string content, out List<bool> escaped)
    {
        var chars = new List<char>(content.Length);
        escaped = new List<bool>(content.Length);
        for (var i = 0; i < content.Length; i++)
        {
            var isEscape = content[i] == '\\' && i + 1 < content.Length;
            chars.Add(isEscape ? content[++i] : content[i]);
            escaped.Add(isEscape);
        }

        return chars;
    }

}
