namespace Sluice.Core.Expressions;

/// <summary>
/// <c>left op right</c>. <c>&amp;&amp;</c> and <c>||</c> short-circuit and return an operand (not a boolean).
/// The parser builds chains of the same <c>&amp;&amp;</c>/<c>||</c> as balanced trees (they are associative),
/// so long chains stay shallow.
/// </summary>
public sealed record BinaryExpr(BinaryOperator Operator, Expr Left, Expr Right, int Offset) : Expr(Offset);
