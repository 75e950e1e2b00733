using Sluice.Core.Events;
using Sluice.Core.Expressions;
using Sluice.Core.Parsing;
using Sluice.Core.Pipelines;

namespace Sluice.Core.Planning;

/// <summary>
/// Turns an event and a repository's pipelines into a plan: which pipelines run and why (not), and for
/// each the expanded job graph. Pure and deterministic; <c>sluice plan</c>, <c>sluice run</c> and
/// <c>sluice serve</c> all call it, so what is planned locally is what the server runs.
/// </summary>
public static class Planner
{
    // The one combination of a job without a matrix; read-only, so it can be shared by every such job.
    private static readonly IReadOnlyList<IReadOnlyDictionary<string, string>> NoMatrix = [System.Collections.ObjectModel.ReadOnlyDictionary<string, string>.Empty];

    private static readonly HashSet<string> PlanTimeContexts = new(StringComparer.Ordinal) { "event", "inputs", "matrix", "vars" };

    public static RunPlan Plan(IReadOnlyList<Pipeline> pipelines, PipelineEvent ev)
    {
        ArgumentNullException.ThrowIfNull(pipelines);
        return new RunPlan(pipelines.Select(p => PlanPipeline(p, ev)).ToList());
    }

    /// <param name="force">Run the pipeline whatever its triggers (<c>sluice run &lt;pipeline&gt;</c>).</param>
    public static PipelinePlan PlanPipeline(Pipeline pipeline, PipelineEvent ev, bool force = false)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(ev);
        var match = TriggerMatcher.Match(pipeline, ev);
        if (!match.Matched && force)
        {
            var (inputs, errors) = InputValues.Resolve(pipeline.On.Manual?.Inputs ?? [], ev.Inputs);
            match = errors.Count > 0 && pipeline.On.Manual is not null
                ? TriggerMatch.No("invalid inputs: " + string.Join("; ", errors))
                : TriggerMatch.Yes("run by name", match.CommandArgs, inputs);
        }

        if (!match.Matched)
        {
            return PipelinePlan.NotMatched(pipeline, match.Reason);
        }

        if (match.Inputs.Count == 0 && pipeline.On.Manual is { Inputs.Count: > 0 } manual)
        {
            // Declared inputs keep their defaults for every event, so `inputs.x` means the same on a push.
            match = match with { Inputs = InputValues.Resolve(manual.Inputs, null).Values };
        }

        var notes = new List<string>();
        if (ev.Fork && pipeline.Jobs.Any(j => j.Secrets.Count > 0))
        {
            notes.Add("pull request from a fork: secrets are withheld from every job");
        }

        var (jobs, skipped) = PlanJobs(pipeline, ev, match);
        return new PipelinePlan(pipeline, true, match.Reason, jobs, skipped, match.CommandArgs, notes, match.Inputs);
    }

    private static (List<PlannedJob> Jobs, List<SkippedJob> Skipped) PlanJobs(Pipeline pipeline, PipelineEvent ev, TriggerMatch match)
    {
        var eventValue = EventContext.Build(ev, match.CommandArgs.Count > 0 ? match.CommandArgs : null);
        var inputsValue = EventContext.Inputs(pipeline.On.Manual?.Inputs ?? [], match.Inputs);
        var changed = ev.ChangedFiles is null ? null : DictionaryExpressionContext.ChangedFiles(ev.ChangedFiles);
        var instances = new Dictionary<string, List<IReadOnlyDictionary<string, string>>>(StringComparer.Ordinal);
        var skipped = new Dictionary<string, string>(StringComparer.Ordinal);
        var varsValue = EventContext.Strings(pipeline.Vars);
        foreach (var job in pipeline.Jobs)
        {
            if (job.Changes is not null && ev.ChangedFiles is { } files && !job.Changes.MatchesAny(files))
            {
                skipped[job.Id] = $"no changed file matches `changes` ({job.Changes})";
                continue;
            }

            var combos = job.Matrix is null ? NoMatrix : MatrixExpander.Expand(job.Matrix);
            var kept = new List<IReadOnlyDictionary<string, string>>();
            string? reason = null;
            var condition = PlanTimeCondition(job.If);
            foreach (var combo in combos)
            {
                if (condition is not null && Evaluate(condition, eventValue, inputsValue, varsValue, combo, changed) == false)
                {
                    reason = $"`if: {job.If!.Trim()}` is false";
                }
                else
                {
                    kept.Add(combo);
                }
            }

            if (kept.Count == 0)
            {
                skipped[job.Id] = reason ?? "the matrix has no combinations";
                continue;
            }

            instances[job.Id] = kept;
        }

        PropagateSkips(pipeline, instances, skipped);
        var planned = new List<PlannedJob>();
        foreach (var job in pipeline.Jobs)
        {
            if (!instances.TryGetValue(job.Id, out var own))
            {
                continue;
            }

            var needs = new List<string>();
            foreach (var need in job.Needs)
            {
                if (instances.TryGetValue(need, out var needed))
                {
                    foreach (var m in needed)
                    {
                        needs.Add(KeyOf(need, m));
                    }
                }
            }

            foreach (var m in own)
            {
                planned.Add(new PlannedJob(KeyOf(job.Id, m), job, m, needs));
            }
        }

        var skippedList = pipeline.Jobs.Where(j => skipped.ContainsKey(j.Id)).Select(j => new SkippedJob(j.Id, skipped[j.Id])).ToList();
        return (planned, skippedList);
    }

    /// <summary>A job whose need is skipped is skipped too, unless its condition asks about status (<c>always()</c>...).</summary>
    private static void PropagateSkips(Pipeline pipeline, Dictionary<string, List<IReadOnlyDictionary<string, string>>> instances, Dictionary<string, string> skipped)
    {
        bool changed;
        do
        {
            changed = false;
            foreach (var job in pipeline.Jobs)
            {
                if (skipped.Count == 0 || !instances.ContainsKey(job.Id) || FirstSkipped(job.Needs, skipped) is not { } skippedNeed)
                {
                    continue;
                }

                if (!UsesStatusFunction(job.If))
                {
                    instances.Remove(job.Id);
                    skipped[job.Id] = $"needs `{skippedNeed}`, which is skipped";
                    changed = true;
                }
            }
        }
        while (changed);
    }

    private static string? FirstSkipped(IReadOnlyList<string> needs, Dictionary<string, string> skipped)
    {
        foreach (var need in needs)
        {
            if (skipped.ContainsKey(need))
            {
                return need;
            }
        }

        return null;
    }

    /// <summary>The job key: its id, plus matrix values for an instance: <c>test (python=3.12, os=linux)</c>.</summary>
    public static string KeyOf(string jobId, IReadOnlyDictionary<string, string> matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        return matrix.Count == 0 ? jobId : $"{jobId} ({string.Join(", ", matrix.Select(kv => $"{kv.Key}={kv.Value}"))})";
    }

    /// <summary>
    /// The parsed condition when it only reads what is known at plan time (event, inputs, matrix, vars,
    /// changed()); null when it must wait for the run (needs, env, status functions) or cannot be evaluated.
    /// Parsed once per job, evaluated once per matrix combination.
    /// </summary>
    private static Expr? PlanTimeCondition(string? condition)
    {
        if (string.IsNullOrWhiteSpace(condition))
        {
            return null;
        }

        var (text, _) = ExpressionValidation.Unwrap(condition);
        if (text is null || ExpressionParser.Parse(text) is not { Root: { } root, Errors.Count: 0 })
        {
            return null;
        }

        var check = ExpressionChecker.Check(root, new ExpressionScope(ExpressionChecker.AllContexts, true));
        return check.Errors.Count > 0 || check.UsesStatusFunction || check.References.Any(r => !PlanTimeContexts.Contains(r.Context)) ? null : root;
    }

    private static bool? Evaluate(Expr condition, ExprValue eventValue, ExprValue inputsValue, ExprValue varsValue, IReadOnlyDictionary<string, string> combo, Func<string, bool>? changed)
    {
        var contexts = new Dictionary<string, ExprValue>(StringComparer.Ordinal)
        {
            ["event"] = eventValue,
            ["inputs"] = inputsValue,
            ["vars"] = varsValue,
            ["matrix"] = EventContext.Strings(combo),
        };
        var result = ExpressionEvaluator.Evaluate(condition, new DictionaryExpressionContext(contexts, null, changed));
        return result.Error is null ? result.Value.IsTruthy : null;
    }

    private static bool UsesStatusFunction(string? condition)
    {
        if (string.IsNullOrWhiteSpace(condition) || ExpressionValidation.Unwrap(condition).Text is not { } text)
        {
            return false;
        }

        return ExpressionParser.Parse(text) is { Root: { } root }
            && ExpressionChecker.Check(root, new ExpressionScope(ExpressionChecker.AllContexts, true)).UsesStatusFunction;
    }
}
