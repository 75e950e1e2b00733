namespace Sluice.Core.Expressions;

/// <summary>
/// What an evaluation can see. Seam contract: <see cref="TryGetContext"/> receives the context name in
/// lowercase (e.g. <c>matrix</c>) and returns false when the context is not available (the expression then
/// sees null); <see cref="Changed"/> answers <c>changed('glob')</c> for the run's changed files. Neither may throw.
/// </summary>
public interface IExpressionContext
{
    bool TryGetContext(string name, out ExprValue value);
    JobStatus Status { get; }
    bool Changed(string pattern);
}
