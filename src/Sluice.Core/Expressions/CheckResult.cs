namespace Sluice.Core.Expressions;

/// <summary>The result of <see cref="ExpressionChecker.Check"/>.</summary>
public sealed record CheckResult(IReadOnlyList<ExpressionError> Errors, IReadOnlyList<ContextReference> References, IReadOnlyList<FunctionUse> Functions)
{
    public bool UsesStatusFunction => Functions.Any(f => f.Name is "success" or "failure" or "always" or "cancelled");
}
