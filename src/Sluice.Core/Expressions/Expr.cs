namespace Sluice.Core.Expressions;

/// <summary>
/// A node of a parsed expression. <see cref="Offset"/> is the 0-based position in the parsed text of the
/// node's distinctive token: a literal, context or function name; the name after <c>.</c>; the <c>[</c> of
/// an index; the <c>*</c> of a filter; the <c>!</c>; or the operator of a binary expression.
/// </summary>
public abstract record Expr(int Offset);
