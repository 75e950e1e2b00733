using Sluice.Core.Expressions;

namespace Sluice.Engine.Execution;

/// <summary>Renders templates and evaluates conditions at run time, returning errors as values.</summary>
internal static class Expressions
{
    /// <summary>Text without <c>${{</c> is returned as is (no parsing on the hot path).</summary>
    public static RenderResult Render(string raw, IExpressionContext context) =>
        Template.ContainsExpression(raw) ? ExpressionEvaluator.Render(raw, context) : new RenderResult(raw, null);

    /// <summary>
    /// Evaluates an <c>if:</c>. A missing condition means <c>success()</c>: no failure and no cancel so far.
    /// </summary>
    public static ConditionResult Condition(string? condition, IExpressionContext context)
    {
        if (string.IsNullOrWhiteSpace(condition))
        {
            return new ConditionResult(!context.Status.Failed && !context.Status.Cancelled, null);
        }

        var result = ExpressionEvaluator.EvaluateCondition(condition, context);
        return result.Error is null ? new ConditionResult(result.Value.IsTruthy, null) : new ConditionResult(false, result.Error);
    }
}
