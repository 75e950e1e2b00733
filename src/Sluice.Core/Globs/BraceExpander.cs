using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Sluice.Core.Globs;

/// <summary>
/// Expands <c>{x,y}</c> alternatives (nested to any depth) into the plain patterns they stand for, so that
/// <c>src/{**/,}*.cs</c> means exactly "<c>src/**/*.cs</c> or <c>src/*.cs</c>" and every other rule
/// (<c>**</c> at a segment start, a trailing <c>/</c>) applies to each alternative as if written alone.
/// Escapes and character classes are copied verbatim: <c>\{</c> and <c>[{,}]</c> are not braces.
/// A <c>,</c> outside braces is an ordinary character.
/// </summary>
internal static class BraceExpander
{
    /// <summary>More alternatives than this is almost certainly a mistake (and would be slow to match).</summary>
    public const int MaxAlternatives = 1024;

    /// <param name="offset">Added to positions in error messages (1 when the pattern had a leading <c>!</c>).</param>
    public static bool TryExpand(string body, int offset, [NotNullWhen(true)] out List<string>? alternatives, [NotNullWhen(false)] out string? error)
    {
        var parser = new Parser(body, offset);
        alternatives = parser.Sequence(depth: 0);
        if (parser.Error is null && parser.Position < body.Length)
        {
            // Only an unmatched `}` stops the top-level sequence early.
            parser.Fail($"unmatched `}}` at position {parser.Position + offset + 1}; write `\\}}` for a literal brace");
        }

        error = parser.Error;
        if (error is not null)
        {
            alternatives = null;
            return false;
        }

        return true;
    }

    /// <summary>Index of the <c>]</c> closing the class opened at <paramref name="open"/>, or -1.</summary>
    public static int FindClassEnd(string text, int open)
    {
        for (var i = open + 1; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == ']')
            {
                return i;
            }
        }

        return -1;
    }

    private sealed class Parser(string text, int offset)
    {
        public int Position { get; private set; }

        public string? Error { get; private set; }

        public void Fail(string message) => Error ??= message;

        /// <summary>Reads until the end, or a <c>,</c> / <c>}</c> that belongs to an enclosing brace.</summary>
        public List<string> Sequence(int depth)
        {
            var results = new List<StringBuilder> { new() };
            while (Error is null && Position < text.Length)
            {
                var c = text[Position];
                if (c == '}' || (c == ',' && depth > 0))
                {
                    break;
                }

                if (c == '{')
                {
                    var alternatives = Alternatives(depth + 1);
                    results = Combine(results, alternatives);
                    continue;
                }

                var end = c switch
                {
                    '\\' => Position + 2,
                    '[' => FindClassEnd(text, Position) + 1,
                    _ => Position + 1,
                };
                if (c == '\\' && end > text.Length)
                {
                    Fail("pattern ends with an escape `\\`; write `\\\\` for a literal backslash");
                    break;
                }

                if (c == '[' && end == 0)
                {
                    Fail($"unclosed `[` at position {Position + offset + 1}; a character class is written `[abc]` or `[a-z]`");
                    break;
                }

                foreach (var result in results)
                {
                    result.Append(text, Position, end - Position);
                }

                Position = end;
            }

            return results.Select(r => r.ToString()).ToList();
        }

        private List<string> Alternatives(int depth)
        {
            var open = Position++;
            var all = new List<string>();
            while (Error is null)
            {
                all.AddRange(Sequence(depth));
                if (Position >= text.Length)
                {
                    Fail($"unclosed `{{` at position {open + offset + 1}; alternatives are written `{{a,b}}`");
                    break;
                }

                var c = text[Position++];
                if (c == '}')
                {
                    break;
                }
            }

            return all;
        }

        private List<StringBuilder> Combine(List<StringBuilder> prefixes, List<string> alternatives)
        {
            if ((long)prefixes.Count * Math.Max(1, alternatives.Count) > MaxAlternatives)
            {
                Fail($"braces expand to more than {MaxAlternatives} alternatives");
                return prefixes;
            }

            return prefixes.SelectMany(p => alternatives.Select(a => new StringBuilder(p.ToString()).Append(a))).ToList();
        }
    }
}
