namespace Sluice.Core.Expressions;

/// <summary><c>target.name</c>; a missing property (or a target that is not an object) yields null.</summary>
public sealed record PropertyExpr(Expr Target, string Name, int Offset) : Expr(Offset);
