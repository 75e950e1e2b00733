namespace Sluice.Core.Expressions;

// STUB (contract only): to be implemented by the expressions work. Split into files per type.
public abstract record Expr(int Offset);
public sealed record ExpressionError(string Code, string Message, int Offset, string? Hint = null);
public sealed record ParsedExpression(Expr? Root, IReadOnlyList<ExpressionError> Errors);
public sealed record TemplateSegment(bool IsExpression, string Text, int Offset);
public sealed record ParsedTemplate(IReadOnlyList<TemplateSegment> Segments, IReadOnlyList<ExpressionError> Errors);
public sealed record ExpressionScope(IReadOnlySet<string> Contexts, bool AllowStatusFunctions);
public sealed record ContextReference(string Context, string? Name, int Offset);
public sealed record FunctionUse(string Name, IReadOnlyList<string?> LiteralArguments, int Offset);
public sealed record CheckResult(IReadOnlyList<ExpressionError> Errors, IReadOnlyList<ContextReference> References, IReadOnlyList<FunctionUse> Functions)
{
    public bool UsesStatusFunction => Functions.Any(f => f.Name is "success" or "failure" or "always" or "cancelled");
}
public sealed record EvaluationResult(ExprValue Value, string? Error);
public sealed record RenderResult(string Text, string? Error);
public sealed record JobStatus(bool Failed, bool Cancelled) { public static readonly JobStatus Ok = new(false, false); }

public interface IExpressionContext
{
    bool TryGetContext(string name, out ExprValue value);
    JobStatus Status { get; }
    bool Changed(string pattern);
}

public static class ExpressionParser { public static ParsedExpression Parse(string text) => throw new NotImplementedException(); }
public static class Template
{
    public static ParsedTemplate Parse(string raw) => throw new NotImplementedException();
    public static bool ContainsExpression(string raw) => raw.Contains("${{", StringComparison.Ordinal);
}
public static class ExpressionChecker
{
    public static readonly IReadOnlySet<string> AllContexts = new HashSet<string> { "event", "env", "matrix", "inputs", "needs", "secrets", "vars", "steps", "job", "run" };
    public static CheckResult Check(Expr root, ExpressionScope scope) => throw new NotImplementedException();
}
public static class ExpressionEvaluator
{
    public static EvaluationResult Evaluate(Expr root, IExpressionContext context) => throw new NotImplementedException();
    public static RenderResult Render(string raw, IExpressionContext context) => throw new NotImplementedException();
    public static EvaluationResult EvaluateCondition(string condition, IExpressionContext context) => throw new NotImplementedException();
}
