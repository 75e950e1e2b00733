namespace Sluice.Engine.Execution;

/// <summary>The value of an <c>if:</c>, or the error that kept it from being evaluated.</summary>
internal sealed record ConditionResult(bool Value, string? Error);
