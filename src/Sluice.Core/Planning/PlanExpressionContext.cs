using Sluice.Core.Expressions;
using Sluice.Core.Globs;

namespace Sluice.Core.Planning;

/// <summary>The contexts known at plan time: event, inputs, matrix; changed() over the event's files.</summary>
internal sealed class PlanExpressionContext(IReadOnlyDictionary<string, ExprValue> contexts, IReadOnlyList<string>? changedFiles) : IExpressionContext
{
    public JobStatus Status => JobStatus.Ok;

    public bool TryGetContext(string name, out ExprValue value) => contexts.TryGetValue(name, out value!);

    /// <summary>Unknown changed files count as "everything changed", like path filters.</summary>
    public bool Changed(string pattern) =>
        changedFiles is null || (Glob.TryParse(pattern, out var glob, out _) && changedFiles.Any(glob!.IsMatch));
}
