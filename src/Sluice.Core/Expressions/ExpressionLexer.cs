using System.Globalization;
using Sluice.Core.Diagnostics;

namespace Sluice.Core.Expressions;

/// <summary>
/// Turns expression text into tokens on demand, without regular expressions. Lexical mistakes are reported
/// into the shared error list and then recovered from so the parser can go on and find more: a lone
/// <c>=</c> reads as <c>==</c>, <c>&amp;</c> as <c>&amp;&amp;</c>, a <c>"string"</c> as a string, and unknown
/// characters are skipped.
/// </summary>
internal sealed class ExpressionLexer(string text, List<ExpressionError> errors)
{
    // Names that occur in nearly every expression; reusing these strings saves an allocation per identifier.
    private static readonly string[] CommonNames =
    [
        "event", "env", "matrix", "inputs", "needs", "secrets", "vars", "steps", "job", "run", "outputs", "result",
        "contains", "startsWith", "endsWith", "format", "join", "toJSON", "fromJSON", "success", "failure", "always",
        "cancelled", "changed", "name", "ref", "os",
    ];

    private int position;

    public Token Next()
    {
        while (true)
        {
            while (position < text.Length && char.IsWhiteSpace(text[position]))
            {
                position++;
            }

            if (position >= text.Length)
            {
                return new Token(TokenKind.End, text.Length, 0);
            }

            var start = position;
            var c = text[position];
            var next = position + 1 < text.Length ? text[position + 1] : '\0';
            switch (c)
            {
                case '(': return Single(TokenKind.LeftParen);
                case ')': return Single(TokenKind.RightParen);
                case '[': return Single(TokenKind.LeftBracket);
                case ']': return Single(TokenKind.RightBracket);
                case ',': return Single(TokenKind.Comma);
                case '.': return Single(TokenKind.Dot);
                case '*': return Single(TokenKind.Star);
                case '!': return next == '=' ? Double(TokenKind.NotEqual) : Single(TokenKind.Not);
                case '>': return next == '=' ? Double(TokenKind.GreaterOrEqual) : Single(TokenKind.Greater);
                case '<':
                    if (next == '>')
                    {
                        Error(start, "`<>` is not an operator", "did you mean `!=`?");
                        return Double(TokenKind.NotEqual);
                    }

                    return next == '=' ? Double(TokenKind.LessOrEqual) : Single(TokenKind.Less);
                case '=':
                    if (next == '=')
                    {
                        return Double(TokenKind.Equal);
                    }

                    Error(start, "`=` is not an operator", "did you mean `==`?");
                    return Single(TokenKind.Equal);
                case '&':
                    if (next == '&')
                    {
                        return Double(TokenKind.And);
                    }

                    Error(start, "`&` is not an operator", "did you mean `&&`?");
                    return Single(TokenKind.And);
                case '|':
                    if (next == '|')
                    {
                        return Double(TokenKind.Or);
                    }

                    Error(start, "`|` is not an operator", "did you mean `||`?");
                    return Single(TokenKind.Or);
                case '\'':
                    return SingleQuoted();
                case '"':
                    return DoubleQuoted();
                case '-' when text.AsSpan(position + 1).StartsWith("Infinity", StringComparison.Ordinal):
                    position += 1 + "Infinity".Length;
                    return new Token(TokenKind.Number, start, position - start, double.NegativeInfinity);
                case '-' when IsDigit(next) || (next == '.' && position + 2 < text.Length && IsDigit(text[position + 2])):
                    return NumberToken();
                case >= '0' and <= '9':
                    return NumberToken();
                case '_' or (>= 'a' and <= 'z') or (>= 'A' and <= 'Z'):
                    return Identifier();
                default:
                    SkipUnknown(c, next);
                    continue;
            }
        }
    }

    private Token Single(TokenKind kind) => new(kind, position++, 1);

    private Token Double(TokenKind kind)
    {
        position += 2;
        return new Token(kind, position - 2, 2);
    }

    private Token SingleQuoted()
    {
        var start = position;
        var hasEscape = false;
        var i = start + 1;
        while (true)
        {
            var quote = text.IndexOf('\'', i);
            if (quote < 0)
            {
                Error(start, "unterminated string", "close the string with `'`; write `''` for a quote inside a string");
                position = text.Length;
                var rest = text[(start + 1)..];
                return new Token(TokenKind.String, start, position - start, Value: hasEscape ? rest.Replace("''", "'", StringComparison.Ordinal) : rest);
            }

            if (quote + 1 < text.Length && text[quote + 1] == '\'')
            {
                hasEscape = true;
                i = quote + 2;
                continue;
            }

            position = quote + 1;
            var content = text[(start + 1)..quote];
            return new Token(TokenKind.String, start, position - start, Value: hasEscape ? content.Replace("''", "'", StringComparison.Ordinal) : content);
        }
    }

    private Token DoubleQuoted()
    {
        var start = position;
        var quote = text.IndexOf('"', start + 1);
        var end = quote < 0 ? text.Length : quote;
        Error(start, "strings use single quotes, not `\"`", $"write '{Shorten(text[(start + 1)..end]).Replace("'", "''", StringComparison.Ordinal)}'");
        position = quote < 0 ? text.Length : quote + 1;
        return new Token(TokenKind.String, start, position - start, Value: text[(start + 1)..end]);
    }

    private Token NumberToken()
    {
        var start = position;
        var negative = text[position] == '-';
        if (negative)
        {
            position++;
        }

        double value;
        if (text[position] == '0' && position + 1 < text.Length && (text[position + 1] is 'x' or 'X'))
        {
            position += 2;
            var digitsStart = position;
            value = 0;
            while (position < text.Length && ValueCoercion.DigitValue(text[position]) >= 0)
            {
                value = (value * 16) + ValueCoercion.DigitValue(text[position++]);
            }

            if (position == digitsStart)
            {
                return BadNumber(start);
            }

            value = negative ? -value : value;
        }
        else
        {
            SkipDigits();
            if (position + 1 < text.Length && text[position] == '.' && IsDigit(text[position + 1]))
            {
                position++;
                SkipDigits();
            }

            if (position < text.Length && text[position] is 'e' or 'E')
            {
                var sign = Peek(1) is '+' or '-' ? 1 : 0;
                if (IsDigit(Peek(1 + sign)))
                {
                    position += 1 + sign;
                    SkipDigits();
                }
            }

            value = double.Parse(text.AsSpan(start, position - start), NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        return position < text.Length && IsIdentifierPart(text[position])
            ? BadNumber(start)
            : new Token(TokenKind.Number, start, position - start, value);
    }

    private Token BadNumber(int start)
    {
        while (position < text.Length && (IsIdentifierPart(text[position]) || text[position] == '.'))
        {
            position++;
        }

        Error(start, $"`{Shorten(text[start..position])}` is not a number", "numbers look like 42, -1.5, 2e3 or 0xff");
        return new Token(TokenKind.Number, start, position - start, double.NaN);
    }

    private Token Identifier()
    {
        var start = position;
        while (position < text.Length && (IsIdentifierPart(text[position]) || text[position] == '-'))
        {
            position++;
        }

        var span = text.AsSpan(start, position - start);
        var kind = span switch
        {
            "true" => TokenKind.True,
            "false" => TokenKind.False,
            "null" => TokenKind.Null,
            "NaN" => TokenKind.NaN,
            "Infinity" => TokenKind.Infinity,
            _ => TokenKind.Identifier,
        };
        if (kind != TokenKind.Identifier)
        {
            return new Token(kind, start, position - start);
        }

        string? name = null;
        foreach (var common in CommonNames)
        {
            if (span.SequenceEqual(common))
            {
                name = common;
                break;
            }
        }

        return new Token(kind, start, position - start, Value: name ?? span.ToString());
    }

    private void SkipUnknown(char c, char next)
    {
        var hint = c switch
        {
            '$' when next == '{' => "`${{` cannot be nested; inside an expression write the expression itself",
            '{' or '}' => "`{` and `}` only delimit `${{ }}` in templates; an expression cannot contain them outside a string",
            '+' or '/' or '%' or '-' => "arithmetic is not supported; negative numbers are written -1",
            '?' or ':' => "there is no `?:` operator; use `cond && a || b`",
            '#' => "expressions have no comments",
            '`' => "strings use single quotes: 'text'",
            _ => null,
        };
        var width = char.IsHighSurrogate(c) && char.IsLowSurrogate(next) ? 2 : 1;
        var shown = char.IsControl(c) ? $"U+{(int)c:X4}" : text.Substring(position, width);
        Error(position, $"unexpected character `{shown}`", hint);
        position += width;
    }

    private void SkipDigits()
    {
        while (position < text.Length && IsDigit(text[position]))
        {
            position++;
        }
    }

    private char Peek(int ahead) => position + ahead < text.Length ? text[position + ahead] : '\0';

    private void Error(int offset, string message, string? hint)
    {
        // A line of garbage would otherwise produce one error per character.
        if (errors.Count < ExpressionParser.MaxErrors)
        {
            errors.Add(new ExpressionError(DiagnosticCodes.ExpressionSyntax, message, offset, hint));
        }
    }

    internal static string Shorten(string value) => value.Length <= 30 ? value : value[..27] + "...";

    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    private static bool IsIdentifierStart(char c) => c is '_' or (>= 'a' and <= 'z') or (>= 'A' and <= 'Z');

    private static bool IsIdentifierPart(char c) => IsIdentifierStart(c) || IsDigit(c);
}
