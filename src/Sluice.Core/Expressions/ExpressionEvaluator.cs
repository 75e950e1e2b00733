namespace Sluice.Core.Expressions;

/// <summary>
/// Evaluates parsed expressions, renders templates, and decides <c>if:</c> conditions. Never throws for
/// problems in the expression or the data: they come back as an error message.
/// </summary>
public static class ExpressionEvaluator
{
    private static readonly FunctionCallExpr SuccessCall = new("success", [], 0);

    public static EvaluationResult Evaluate(Expr root, IExpressionContext context)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(context);
        var evaluation = new Evaluation(context);
        var value = evaluation.Run(root);
        return new EvaluationResult(value, evaluation.Error);
    }

    /// <summary>
    /// Renders <c>v${{ inputs.x }}</c>: each expression's value as text (<see cref="ExprValue.ToText"/>).
    /// On an unclosed <c>${{</c> the text comes back unchanged; an expression that fails to parse or
    /// evaluate renders as empty text. In both cases <see cref="RenderResult.Error"/> names the first problem.
    /// </summary>
    public static RenderResult Render(string raw, IExpressionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        raw ??= "";
        if (!Template.ContainsExpression(raw))
        {
            return new RenderResult(raw, null);
        }

        var template = Template.Parse(raw);
        if (template.Errors.Count > 0)
        {
            return new RenderResult(raw, Describe(template.Errors[0]));
        }

        var builder = new System.Text.StringBuilder(raw.Length);
        string? firstError = null;
        foreach (var segment in template.Segments)
        {
            if (!segment.IsExpression)
            {
                builder.Append(segment.Text);
                continue;
            }

            var parsed = ExpressionParser.Parse(segment.Text);
            if (parsed.Root is null)
            {
                firstError ??= Describe(parsed.Errors[0].Shift(segment.Offset));
                continue;
            }

            var result = Evaluate(parsed.Root, context);
            if (result.Error is not null)
            {
                firstError ??= $"in `${{{{ {ExpressionLexer.Shorten(segment.Text.Trim())} }}}}`: {result.Error}";
                continue;
            }

            builder.Append(result.Value.ToText());
        }

        return new RenderResult(builder.ToString(), firstError);
    }

    /// <summary>
    /// Decides an <c>if:</c>. Accepts <c>${{ expr }}</c> or a bare <c>expr</c>; empty means <c>success()</c>.
    /// Unless the expression calls a status function, it means <c>success() &amp;&amp; (expr)</c> (GitHub's rule).
    /// The value is true or false (the truthiness of the result); on an error it is false.
    /// </summary>
    public static EvaluationResult EvaluateCondition(string condition, IExpressionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!TryUnwrapCondition(condition ?? "", out var text, out var offset, out var unwrapError))
        {
            return new EvaluationResult(ExprValue.False, unwrapError);
        }

        Expr root = SuccessCall;
        if (!string.IsNullOrWhiteSpace(text))
        {
            var parsed = ExpressionParser.Parse(text);
            if (parsed.Root is null)
            {
                return new EvaluationResult(ExprValue.False, Describe(parsed.Errors[0].Shift(offset)));
            }

            root = FunctionCatalog.UsesStatusFunction(parsed.Root)
                ? parsed.Root
                : new BinaryExpr(BinaryOperator.And, SuccessCall, parsed.Root, parsed.Root.Offset);
        }

        var result = Evaluate(root, context);
        return result.Error is null
            ? new EvaluationResult(ExprValue.FromBoolean(result.Value.IsTruthy), null)
            : new EvaluationResult(ExprValue.False, result.Error);
    }

    /// <summary>
    /// The expression text of a condition and its offset in the condition. A condition that mixes text with
    /// <c>${{ }}</c> is refused: GitHub would treat it as a (always true) string, which is never what was meant.
    /// </summary>
    private static bool TryUnwrapCondition(string condition, out string text, out int offset, out string? error)
    {
        text = condition;
        offset = 0;
        error = null;
        if (!Template.ContainsExpression(condition))
        {
            return true;
        }

        var template = Template.Parse(condition);
        if (template.Errors.Count > 0)
        {
            error = Describe(template.Errors[0]);
            return false;
        }

        var expressions = template.Segments.Where(s => s.IsExpression).ToList();
        if (expressions.Count == 1 && template.Segments.All(s => s.IsExpression || string.IsNullOrWhiteSpace(s.Text)))
        {
            text = expressions[0].Text;
            offset = expressions[0].Offset;
            return true;
        }

        error = "the condition mixes text with `${{ }}`; write the whole condition as one expression, e.g. `${{ a && b }}`";
        return false;
    }

    private static string Describe(ExpressionError error) =>
        error.Hint is null
            ? $"{error.Message} (at offset {error.Offset})"
            : $"{error.Message} (at offset {error.Offset}; {error.Hint})";
}
