namespace Sluice.Core.Expressions;

/// <summary>Wording of syntax errors: how tokens are shown and which hint fits which mistake.</summary>
internal static class SyntaxHints
{
    public static string Describe(string text, Token token) => token.Kind switch
    {
        TokenKind.End => "the end of the expression",
        TokenKind.String => $"the string '{ExpressionLexer.Shorten(token.Value ?? "")}'",
        _ => $"`{ExpressionLexer.Shorten(text.Substring(token.Start, token.Length))}`",
    };

    /// <summary>Message and hint for input left over after a complete expression.</summary>
    public static (string Message, string Hint) Trailing(string text, Token token)
    {
        if (token.Kind == TokenKind.RightParen)
        {
            return ("unmatched `)`", "remove it or add the missing `(`");
        }

        var word = token.Kind == TokenKind.Identifier ? token.Value!.ToUpperInvariant() : null;
        var hint = word switch
        {
            "AND" => "did you mean `&&`?",
            "OR" => "did you mean `||`?",
            _ => "combine conditions with `&&` or `||`; a whole expression must be one value",
        };
        return ($"unexpected {Describe(text, token)} after the end of the expression", hint);
    }

    /// <summary>Hint for a token found where a value should start.</summary>
    public static string? MissingValue(string text, Token token, Token previous) => token.Kind switch
    {
        TokenKind.End when previous.Length > 0 => $"the expression ends after {Describe(text, previous)}; a value is missing",
        TokenKind.RightParen or TokenKind.RightBracket or TokenKind.Comma => $"a value is missing before {Describe(text, token)}",
        TokenKind.Star => "`*` filters only after `.`, as in `labels.*.name`",
        TokenKind.Dot => "write numbers with a leading digit (0.5) and properties after a name (inputs.x)",
        TokenKind.Equal or TokenKind.NotEqual or TokenKind.Less or TokenKind.LessOrEqual or TokenKind.Greater
            or TokenKind.GreaterOrEqual or TokenKind.And or TokenKind.Or => $"{Describe(text, token)} needs a value on each side",
        _ => null,
    };
}
