namespace Sluice.Core.Expressions;

/// <summary>
/// One lexical token: its span in the text, the number of a number token, and the name of an identifier
/// or the unescaped value of a string.
/// </summary>
internal readonly record struct Token(TokenKind Kind, int Start, int Length, double Number = 0, string? Value = null)
{
    public int End => Start + Length;
}
