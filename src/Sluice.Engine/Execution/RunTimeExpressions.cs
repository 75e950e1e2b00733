using System.Collections.Concurrent;
using Sluice.Core.Expressions;
using Sluice.Core.Parsing;

namespace Sluice.Engine.Execution;

/// <summary>
/// Renders templates and evaluates <c>if:</c> conditions at run time, returning errors as values.
/// A condition that calls none of <c>success()/failure()/always()/cancelled()</c> is implicitly
/// <c>success() &amp;&amp; (condition)</c>, as in GitHub Actions; no condition at all means <c>success()</c>.
/// </summary>
internal static class RunTimeExpressions
{
    private static readonly ConcurrentDictionary<string, bool> StatusFunctionUse = new(StringComparer.Ordinal);

    /// <summary>Text without <c>${{</c> is returned as is (no parsing on the hot path).</summary>
    public static RenderResult Render(string raw, IExpressionContext context) =>
        Template.ContainsExpression(raw) ? ExpressionEvaluator.Render(raw, context) : new RenderResult(raw, null);

    public static ConditionResult Condition(string? condition, IExpressionContext context)
    {
        var success = !context.Status.Failed && !context.Status.Cancelled;
        if (string.IsNullOrWhiteSpace(condition))
        {
            return new ConditionResult(success, null);
        }

        var result = ExpressionEvaluator.EvaluateCondition(condition, context);
        return result.Error is null ? new ConditionResult(result.Value.IsTruthy, null) : new ConditionResult(false, result.Error);
    }

    /// <summary>True when the condition calls a status function, so it may hold after a failure or a cancel.</summary>
    public static bool UsesStatusFunction(string? condition)
    {
        if (string.IsNullOrWhiteSpace(condition))
        {
            return false;
        }

        return StatusFunctionUse.GetOrAdd(condition, static c =>
        {
            if (ExpressionValidation.Unwrap(c).Text is not { } text || ExpressionParser.Parse(text) is not { Root: { } root })
            {
                return false;
            }

            return ExpressionChecker.Check(root, new ExpressionScope(ExpressionChecker.AllContexts, true)).UsesStatusFunction;
        });
    }
}
