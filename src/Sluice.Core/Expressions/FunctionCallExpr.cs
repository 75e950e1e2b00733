namespace Sluice.Core.Expressions;

/// <summary><c>name(arguments...)</c>. <see cref="Name"/> is as written; function names are case-insensitive.</summary>
public sealed record FunctionCallExpr(string Name, IReadOnlyList<Expr> Arguments, int Offset) : Expr(Offset);
