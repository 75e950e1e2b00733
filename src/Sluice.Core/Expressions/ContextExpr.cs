namespace Sluice.Core.Expressions;

/// <summary>A context named at the root of an access chain, such as <c>matrix</c> in <c>matrix.os</c>. <see cref="Name"/> is as written.</summary>
public sealed record ContextExpr(string Name, int Offset) : Expr(Offset);
