namespace Sluice.Core.Expressions;

/// <summary>The result of <see cref="ExpressionParser.Parse"/>. <see cref="Root"/> is null whenever there are errors.</summary>
public sealed record ParsedExpression(Expr? Root, IReadOnlyList<ExpressionError> Errors)
{
    public bool Succeeded => Root is not null && Errors.Count == 0;
}
