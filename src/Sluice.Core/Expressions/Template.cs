using Sluice.Core.Diagnostics;

namespace Sluice.Core.Expressions;

/// <summary>
/// Splits strings such as <c>v${{ inputs.x }}-${{ matrix.os }}</c> into literal and expression segments.
/// The closing <c>}}</c> is searched outside single-quoted strings, so <c>${{ format('{{0}}', x) }}</c>
/// works. There is no escape for a literal <c>${{</c>; write <c>${{ '${{' }}</c>.
/// </summary>
public static class Template
{
    private const string Open = "${{";

    public static ParsedTemplate Parse(string raw)
    {
        raw ??= "";
        var segments = new List<TemplateSegment>();
        var errors = new List<ExpressionError>();
        var position = 0;
        while (position < raw.Length)
        {
            var open = raw.IndexOf(Open, position, StringComparison.Ordinal);
            if (open < 0)
            {
                segments.Add(new TemplateSegment(false, raw[position..], position));
                break;
            }

            if (open > position)
            {
                segments.Add(new TemplateSegment(false, raw[position..open], position));
            }

            var start = open + Open.Length;
            var close = FindClose(raw, start, out var openQuote);
            if (close < 0)
            {
                var hint = openQuote >= 0
                    ? $"the string starting at offset {openQuote} is not closed; write `''` for a quote inside a string"
                    : "end the expression with `}}`";
                errors.Add(new ExpressionError(DiagnosticCodes.ExpressionSyntax, "`${{` is not closed by `}}`", open, hint));
                segments.Add(new TemplateSegment(false, raw[open..], open));
                break;
            }

            segments.Add(new TemplateSegment(true, raw[start..close], start));
            position = close + 2;
        }

        return new ParsedTemplate(segments, errors);
    }

    public static bool ContainsExpression(string raw) => raw.Contains(Open, StringComparison.Ordinal);

    /// <summary>Index of the <c>}}</c> that ends the expression starting at <paramref name="start"/>, or -1.</summary>
    private static int FindClose(string raw, int start, out int openQuote)
    {
        openQuote = -1;
        for (var i = start; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '\'')
            {
                // `''` inside a string toggles twice, which is exactly right for the escape.
                openQuote = openQuote < 0 ? i : -1;
            }
            else if (openQuote < 0 && c == '}' && i + 1 < raw.Length && raw[i + 1] == '}')
            {
                return i;
            }
        }

        return -1;
    }
}
