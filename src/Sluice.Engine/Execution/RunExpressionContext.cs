using Sluice.Core.Expressions;
using Sluice.Core.Globs;

namespace Sluice.Engine.Execution;

/// <summary>
/// The contexts an expression sees while a job runs (<c>event</c>, <c>inputs</c>, <c>matrix</c>, <c>needs</c>,
/// <c>secrets</c>, <c>env</c>, <c>steps</c>, <c>job</c>, <c>run</c>, <c>vars</c>) and the job status for
/// <c>success()/failure()/cancelled()</c>. Immutable: <see cref="With(string, ExprValue)"/> returns a copy.
/// </summary>
internal sealed class RunExpressionContext : IExpressionContext
{
    private readonly IReadOnlyDictionary<string, ExprValue> contexts;
    private readonly IReadOnlyList<string>? changedFiles;

    public RunExpressionContext(IReadOnlyDictionary<string, ExprValue> contexts, JobStatus status, IReadOnlyList<string>? changedFiles)
    {
        this.contexts = contexts;
        this.changedFiles = changedFiles;
        Status = status;
    }

    public JobStatus Status { get; }

    public bool TryGetContext(string name, out ExprValue value)
    {
        if (contexts.TryGetValue(name, out var found))
        {
            value = found;
            return true;
        }

        value = ExprValue.Null;
        return false;
    }

    /// <summary>Unknown changed files (null) mean "everything changed", as the planner treats them.</summary>
    public bool Changed(string pattern)
    {
        if (changedFiles is null)
        {
            return true;
        }

        return Glob.TryParse(pattern, out var glob, out _) && changedFiles.Any(glob!.IsMatch);
    }

    public RunExpressionContext With(string name, ExprValue value)
    {
        var copy = new Dictionary<string, ExprValue>(contexts, StringComparer.Ordinal) { [name] = value };
        return new RunExpressionContext(copy, Status, changedFiles);
    }

    public RunExpressionContext WithStatus(JobStatus status) => new(contexts, status, changedFiles);
}
