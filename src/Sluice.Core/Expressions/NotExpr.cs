namespace Sluice.Core.Expressions;

/// <summary><c>!operand</c>: true when the operand is falsy.</summary>
public sealed record NotExpr(Expr Operand, int Offset) : Expr(Offset);
