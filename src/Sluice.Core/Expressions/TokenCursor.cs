using Sluice.Core.Diagnostics;

namespace Sluice.Core.Expressions;

/// <summary>
/// The parser's position in the token stream, plus the bookkeeping every grammar rule shares: the first
/// syntax error (after which parsing stops), and the nesting depth guard.
/// </summary>
internal sealed class TokenCursor
{
    private readonly ExpressionLexer lexer;
    private int nesting;

    public TokenCursor(string text)
    {
        Text = text;
        lexer = new ExpressionLexer(text, Errors);
    }

    public string Text { get; }

    public List<ExpressionError> Errors { get; } = [];

    public Token Current { get; private set; }

    public Token Previous { get; private set; }

    /// <summary>True once a syntax error was reported; every rule then unwinds by returning null.</summary>
    public bool Failed { get; private set; }

    public TokenKind Kind => Current.Kind;

    public void Advance()
    {
        Previous = Current;
        Current = lexer.Next();
    }

    /// <summary>Lexes the rest of the text so its lexical errors are reported too (up to the error limit).</summary>
    public void Drain()
    {
        while (Current.Kind != TokenKind.End && Errors.Count < ExpressionParser.MaxErrors)
        {
            Current = lexer.Next();
        }
    }

    public string Describe(Token token) => SyntaxHints.Describe(Text, token);

    /// <summary>Consumes the closing token of <paramref name="open"/>, or reports that it is missing.</summary>
    public bool Expect(TokenKind kind, Token open, string what)
    {
        if (Current.Kind == kind)
        {
            Advance();
            return true;
        }

        Fail(Current.Start, $"expected {what} to close the {Describe(open)} at offset {open.Start} but found {Describe(Current)}", $"add {what}");
        return false;
    }

    /// <summary>Enters a bracketed construct; false (with an error) beyond <see cref="ExpressionParser.MaxDepth"/>.</summary>
    public bool Enter(Token open)
    {
        nesting++;
        return CheckDepth(nesting, open.Start);
    }

    public void Leave() => nesting--;

    public bool CheckDepth(int depth, int offset)
    {
        if (depth <= ExpressionParser.MaxDepth)
        {
            return true;
        }

        Fail(offset, $"expression nests too deeply (more than {ExpressionParser.MaxDepth} levels)", "split it into smaller expressions");
        return false;
    }

    /// <summary>Reports the first syntax error (later ones would only be consequences) and returns null.</summary>
    public Expr? Fail(int offset, string message, string? hint)
    {
        if (!Failed)
        {
            Failed = true;
            Errors.Add(new ExpressionError(DiagnosticCodes.ExpressionSyntax, message, Math.Clamp(offset, 0, Text.Length), hint));
        }

        return null;
    }
}
