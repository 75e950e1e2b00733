namespace Sluice.Core.Expressions;

/// <summary><c>null</c>, <c>true</c>, <c>false</c>, a number or a <c>'string'</c>.</summary>
public sealed record LiteralExpr(ExprValue Value, int Offset) : Expr(Offset);
