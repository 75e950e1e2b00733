namespace Sluice.Core.Expressions;

/// <summary>A value, or (when <see cref="Error"/> is set) a runtime problem; then <see cref="Value"/> is null or false.</summary>
public sealed record EvaluationResult(ExprValue Value, string? Error)
{
    public bool Succeeded => Error is null;
}
