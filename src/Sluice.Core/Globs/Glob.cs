using System.Text;
using System.Text.RegularExpressions;

namespace Sluice.Core.Globs;

/// <summary>
/// One glob pattern with a single meaning everywhere in Sluice (branch filters, path filters,
/// <c>changes</c>, <c>changed()</c>, artifacts):
/// <list type="bullet">
/// <item><c>*</c> any run of characters except <c>/</c>; <c>?</c> one character except <c>/</c>.</item>
/// <item><c>**</c> any run of characters including <c>/</c>; <c>a/**/b</c> also matches <c>a/b</c>.</item>
/// <item><c>{x,y}</c> either alternative (may nest); <c>[abc]</c>, <c>[a-z]</c>, <c>[!a]</c> one character of a class.</item>
/// <item><c>\</c> escapes the next character. A leading <c>!</c> negates the pattern inside a <see cref="GlobList"/>.</item>
/// <item>Matching is case-sensitive and anchored to the whole path; a pattern ending in <c>/</c> matches everything under that directory.</item>
/// </list>
/// </summary>
public sealed class Glob
{
    private readonly Regex regex;

    private Glob(string pattern, bool negated, Regex regex)
    {
        Pattern = pattern;
        Negated = negated;
        this.regex = regex;
    }

    /// <summary>The pattern as written, including a leading <c>!</c>.</summary>
    public string Pattern { get; }

    public bool Negated { get; }

    public static bool TryParse(string pattern, out Glob? glob, out string? error)
    {
        glob = null;
        ArgumentNullException.ThrowIfNull(pattern);
        var negated = pattern.StartsWith('!');
        var body = negated ? pattern[1..] : pattern;
        if (body.Length == 0)
        {
            error = negated ? "`!` must be followed by a pattern" : "empty pattern";
            return false;
        }

        if (!TryTranslate(body, out var regexText, out error))
        {
            return false;
        }

        var regex = new Regex("^" + regexText + (body.EndsWith('/') ? ".*" : "") + "$", RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromSeconds(1));
        glob = new Glob(pattern, negated, regex);
        return true;
    }

    /// <summary>Parses a pattern known to be valid (tests, built-in defaults).</summary>
    public static Glob Parse(string pattern) =>
        TryParse(pattern, out var glob, out var error) ? glob! : throw new FormatException($"invalid glob `{pattern}`: {error}");

    /// <summary>True when the whole path matches, ignoring negation.</summary>
    public bool IsMatch(string path) => regex.IsMatch(path.StartsWith("./", StringComparison.Ordinal) ? path[2..] : path);

    public override string ToString() => Pattern;

    private static bool TryTranslate(string body, out string regex, out string? error)
    {
        var sb = new StringBuilder(body.Length * 2);
        var braceDepth = 0;
        error = null;
        regex = "";
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            switch (c)
            {
                case '\\':
                    if (i + 1 >= body.Length)
                    {
                        error = "pattern ends with an escape `\\`";
                        return false;
                    }

                    sb.Append(Regex.Escape(body[++i].ToString()));
                    break;
                case '*':
                    if (i + 1 < body.Length && body[i + 1] == '*')
                    {
                        if (i + 2 < body.Length && body[i + 2] == '*')
                        {
                            error = "`***` is not a valid wildcard; use `**` for any depth";
                            return false;
                        }

                        var atSegmentStart = i == 0 || body[i - 1] == '/';
                        var followedBySlash = i + 2 < body.Length && body[i + 2] == '/';
                        if (atSegmentStart && followedBySlash)
                        {
                            sb.Append("(?:.*/)?");
                            i += 2;
                        }
                        else
                        {
                            sb.Append(".*");
                            i++;
                        }
                    }
                    else
                    {
                        sb.Append("[^/]*");
                    }

                    break;
                case '?':
                    sb.Append("[^/]");
                    break;
                case '{':
                    braceDepth++;
                    sb.Append("(?:");
                    break;
                case '}':
                    if (braceDepth == 0)
                    {
                        error = $"unmatched `}}` at position {i + 1}";
                        return false;
                    }

                    braceDepth--;
                    sb.Append(')');
                    break;
                case ',' when braceDepth > 0:
                    sb.Append('|');
                    break;
                case '[':
                    if (!TryTranslateClass(body, ref i, sb, out error))
                    {
                        return false;
                    }

                    break;
                default:
                    sb.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        if (braceDepth > 0)
        {
            error = "unclosed `{`; alternatives are written `{a,b}`";
            return false;
        }

        regex = sb.ToString();
        return true;
    }

    private static bool TryTranslateClass(string body, ref int i, StringBuilder sb, out string? error)
    {
        var end = body.IndexOf(']', i + 1);
        if (end < 0 || end == i + 1)
        {
            error = "unclosed `[`; a character class is written `[abc]` or `[a-z]`";
            return false;
        }

        var content = body[(i + 1)..end];
        var negate = content.StartsWith('!') || content.StartsWith('^');
        if (negate)
        {
            content = content[1..];
        }

        if (content.Length == 0)
        {
            error = "empty character class";
            return false;
        }

        sb.Append('[');
        if (negate)
        {
            sb.Append('^').Append('/');
        }

        foreach (var ch in content)
        {
            sb.Append(ch is '\\' or ']' or '[' or '^' ? "\\" + ch : ch.ToString());
        }

        sb.Append(']');
        i = end;
        error = null;
        return true;
    }
}
