namespace Sluice.Core.Expressions;

/// <summary>
/// Parses the text inside <c>${{ }}</c> (or a bare <c>if:</c> condition). Never throws: syntax problems come
/// back as <see cref="ExpressionError"/>s with code SL1301 and an offset into the text.
/// </summary>
public static class ExpressionParser
{
    /// <summary>Longer texts are refused outright (GitHub's limit is about 21,000).</summary>
    public const int MaxLength = 32 * 1024;

    /// <summary>How deep the tree may nest: parentheses, calls, indexes, property chains, <c>!</c> and comparisons all count.</summary>
    public const int MaxDepth = 100;

    /// <summary>At most this many errors are returned for one text.</summary>
    public const int MaxErrors = 25;

    public static ParsedExpression Parse(string text) => ExpressionSyntaxParser.Parse(text ?? "");
}
