namespace Sluice.Core.Expressions;

/// <summary>
/// The <c>*</c> filter (<c>labels.*.name</c>): the items of an array or the values of an object. Accesses
/// after it apply to every item, dropping items where the access yields nothing.
/// </summary>
public sealed record WildcardExpr(Expr Target, int Offset) : Expr(Offset);
