using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Sluice.Core.Globs;

/// <summary>
/// Translates one brace-free glob alternative into a regular expression fragment. <c>*</c>, <c>?</c> and
/// character classes never match <c>/</c>; <c>**</c> matches across <c>/</c>, and <c>**/</c> at the
/// start of a segment may also match nothing (so <c>a/**/b</c> matches <c>a/b</c>); a trailing <c>/</c>
/// matches everything below that directory.
/// </summary>
internal static class GlobTranslator
{
    public static bool TryTranslate(string glob, [NotNullWhen(true)] out string? regex, [NotNullWhen(false)] out string? error)
    {
        regex = null;
        var sb = new StringBuilder(glob.Length * 2);
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            switch (c)
            {
                case '\\':
                    sb.Append(Literal(glob[++i])); // the expander guarantees a character follows
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
                        sb.Append("[^/]*");
                    }
                    else if ((i == 0 || glob[i - 1] == '/') && i + 2 < glob.Length && glob[i + 2] == '/')
                    {
                        sb.Append("(?:.*/)?");
                        i += 2; // the `/` is part of the optional group
                    }
                    else
                    {
                        sb.Append(".*");
                        i++;
                    }

                    break;
                case '?':
                    sb.Append("[^/]");
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
                    sb.Append(Literal(c));
                    break;
            }
        }

        if (glob.EndsWith('/'))
        {
            sb.Append(".*");
        }

        regex = sb.ToString();
        error = null;
        return true;
    }

    /// <summary>
    /// <c>[abc]</c>, <c>[a-z]</c>, <c>[!a]</c> (or <c>[^a]</c>); <c>\</c> escapes inside a class too
    /// (<c>[\]]</c>), and a <c>-</c> first or last is literal. A class never matches <c>/</c>.
    /// </summary>
    private static bool TryTranslateClass(string content, StringBuilder sb, [NotNullWhen(false)] out string? error)
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

        sb.Append(negate ? "[^/" : "[");
        foreach (var (low, high) in ranges)
        {
            sb.Append(Code(low));
            if (high != low)
            {
                sb.Append('-').Append(Code(high));
            }
        }

        sb.Append(']');
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

    private static string Literal(char c) => Regex.Escape(c.ToString());

    private static string Code(char c) => "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture);
}
