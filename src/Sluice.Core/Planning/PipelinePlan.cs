using Sluice.Core.Pipelines;

namespace Sluice.Core.Planning;

/// <summary>
/// What one event means for one pipeline: whether it matched and, if not, why not (which trigger or
/// filter excluded it); for a match, the expanded job graph.
/// </summary>
/// <param name="Reason">Why the pipeline matched (which trigger) or why it did not.</param>
/// <param name="CommandArgs">Placeholders captured from a comment command (<c>/deploy {environment}</c>).</param>
/// <param name="Notes">Things a person should know about this plan (e.g. secrets withheld from a fork PR).</param>
/// <param name="Inputs">Manual inputs with defaults applied and values normalized.</param>
public sealed record PipelinePlan(
    Pipeline Pipeline,
    bool Matched,
    string Reason,
    IReadOnlyList<PlannedJob> Jobs,
    IReadOnlyList<SkippedJob> Skipped,
    IReadOnlyDictionary<string, string> CommandArgs,
    IReadOnlyList<string>? Notes = null,
    IReadOnlyDictionary<string, string>? Inputs = null)
{
    public static PipelinePlan NotMatched(Pipeline pipeline, string reason) =>
        new(pipeline, false, reason, [], [], EmptyArgs);

    internal static readonly IReadOnlyDictionary<string, string> EmptyArgs = new Dictionary<string, string>();
}

/// <summary>
/// One job instance to run. A matrix job becomes one instance per combination.
/// </summary>
/// <param name="Key">Unique within the run: the job id, or <c>test (python=3.12)</c> for a matrix instance.</param>
/// <param name="Matrix">This instance's matrix values (empty for non-matrix jobs), in axis order.</param>
/// <param name="Needs">Keys of the planned jobs that must end first (all instances of a needed matrix job).</param>
public sealed record PlannedJob(
    string Key,
    JobDefinition Definition,
    IReadOnlyDictionary<string, string> Matrix,
    IReadOnlyList<string> Needs)
{
    public string JobId => Definition.Id;

    /// <summary>The name shown to people: the job's name, with matrix values for an instance.</summary>
    public string DisplayName => Matrix.Count == 0
        ? Definition.Name
        : $"{Definition.Name} ({string.Join(", ", Matrix.Select(kv => $"{kv.Key}={kv.Value}"))})";
}

/// <summary>A job left out of the plan and the reason, e.g. "no changes under functions/auth/**".</summary>
public sealed record SkippedJob(string JobId, string Reason);

/// <summary>The plan for every pipeline of a repository for one event.</summary>
public sealed record RunPlan(IReadOnlyList<PipelinePlan> Pipelines)
{
    public IEnumerable<PipelinePlan> Matched => Pipelines.Where(p => p.Matched);
}
