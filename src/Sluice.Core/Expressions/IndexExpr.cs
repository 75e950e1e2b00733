namespace Sluice.Core.Expressions;

/// <summary><c>target[index]</c>: a property of an object (<c>a['b']</c>) or an item of an array (<c>a[0]</c>).</summary>
public sealed record IndexExpr(Expr Target, Expr Index, int Offset) : Expr(Offset);
