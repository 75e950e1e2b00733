using Sluice.Core.Expressions;
using Sluice.Core.Pipelines;
using Sluice.Engine.Storage;

namespace Sluice.Engine.Execution;

/// <summary>
/// Runs the steps of one attempt of a job, in order. Each step's <c>if</c> sees the job status so far;
/// <c>$SLUICE_ENV</c> additions reach later steps, <c>$SLUICE_OUTPUT</c> values become
/// <c>steps.&lt;id&gt;.outputs</c> and job outputs. Leftover background processes are stopped when the attempt ends.
/// </summary>
internal sealed class JobAttempt(JobSetup setup, int attempt)
{
    private readonly Dictionary<string, string> envAdditions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ExprValue> steps = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> outputs = new(StringComparer.Ordinal);
    private readonly List<string> summaries = [];
    private readonly List<StepProcess> leftovers = [];
    private string? failure;
    private bool timedOut;

    public async Task<AttemptOutcome> RunAsync()
    {
        var run = setup.Run;
        var definition = setup.Job.Definition;
        var timeout = definition.Timeout ?? run.Pipeline.Defaults.Timeout;
        using var jobTimeout = timeout is { } t ? new CancellationTokenSource(t, run.Time) : new CancellationTokenSource();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(setup.Control.Token, setup.SurvivesCancel ? CancellationToken.None : run.Cancelled);
        try
        {
            var baseEnv = RenderEnv(run.Pipeline.Env, new Dictionary<string, string>(StringComparer.Ordinal), "pipeline env");
            var jobEnv = baseEnv is null ? null : RenderEnv(definition.Env, baseEnv, "job env");
            if (jobEnv is null)
            {
                return Outcome(JobState.Failed);
            }

            for (var i = 0; i < definition.Steps.Count; i++)
            {
                if (jobTimeout.IsCancellationRequested && !timedOut)
                {
                    timedOut = true;
                    failure ??= $"timed out after {Format(timeout)}";
                }

                await RunStepAsync(i + 1, definition.Steps[i], jobEnv, new StepSignals(jobTimeout.Token, cancel.Token, run.Aborted));
            }

            RenderJobOutputs(definition);
        }
        finally
        {
            foreach (var process in leftovers)
            {
                setup.Log.Note(0, "stopping background processes left by a step");
                await process.TerminateAsync(run.Options.KillGrace, run.Aborted);
                await process.WaitForOutputAsync(TimeSpan.FromSeconds(1));
                process.Dispose();
            }
        }

        if (setup.IsCancelled)
        {
            return Outcome(JobState.Cancelled);
        }

        return Outcome(failure is null && !timedOut ? JobState.Succeeded : JobState.Failed);
    }

    private async Task RunStepAsync(int index, StepDefinition step, IReadOnlyDictionary<string, string> jobEnv, StepSignals signals)
    {
        var run = setup.Run;
        var status = new JobStatus(failure is not null || timedOut, setup.IsCancelled);
        var context = Context(jobEnv).WithStatus(status);
        var condition = RunTimeExpressions.Condition(step.If, context);
        if (condition.Error is not null)
        {
            Fail(index, step, $"`if` of step `{step.Name}`: {condition.Error}");
            return;
        }

        if (!condition.Value || timedOut)
        {
            var now = run.Time.GetUtcNow();
            Record(index, step, StepState.Skipped, null, now, now);
            SetStep(step, StepOutcome.Skipped, "skipped", "skipped");
            return;
        }

        var stepEnv = RenderEnv(step.Env, Merge(jobEnv, envAdditions), $"env of step `{step.Name}`");
        if (stepEnv is null)
        {
            Fail(index, step, failure!);
            return;
        }

        var defined = Merge(Merge(jobEnv, stepEnv), envAdditions);
        context = context.With("env", ExprValues.Strings(defined));
        var script = RunTimeExpressions.Render(step.Run, context);
        var directory = RunTimeExpressions.Render(step.WorkingDirectory ?? setup.Job.Definition.WorkingDirectory ?? run.Pipeline.Defaults.WorkingDirectory ?? ".", context);
        if ((script.Error ?? directory.Error) is { } renderError)
        {
            Fail(index, step, $"step `{step.Name}`: {renderError}");
            return;
        }

        // A step started after a cancel runs only because its `if` accepts it (always()); the cancel must not stop it.
        var survives = status.Cancelled || RunTimeExpressions.Condition(step.If, context.WithStatus(status with { Cancelled = true })).Value;
        var environment = Merge(Merge(Merge(run.InheritedEnvironment, setup.SecretEnvironment), defined), setup.Builtins);
        environment["SLUICE_STEP"] = index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        environment["SLUICE_ATTEMPT"] = attempt.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var launch = new StepLaunch(index, script.Text, step.Shell ?? run.Pipeline.Defaults.Shell,
            Path.GetFullPath(Path.Combine(run.Workspace, directory.Text)), environment,
            $"{setup.FilePrefix}-a{attempt}-s{index}", step.Timeout, run.Scripts, run.Options.DirectExec);

        var started = run.Time.GetUtcNow();
        Record(index, step, StepState.Running, null, started, null);
        setup.Log.Note(index, $"▶ {step.Name}");
        var outcome = await StepExecutor.RunAsync(launch, setup.Log, survives ? signals with { Cancel = CancellationToken.None } : signals, run.Options.KillGrace, run.Time, leftovers, run.Options.StepGroups ?? NoStepGroupWatch.Instance);
        Record(index, step, outcome.State, outcome.ExitCode, started, run.Time.GetUtcNow());
        if (outcome.Error is not null)
        {
            setup.Log.Note(index, "error: " + outcome.Error);
        }

        foreach (var (name, value) in outcome.Env)
        {
            envAdditions[name] = value;
        }

        foreach (var (name, value) in outcome.Outputs)
        {
            outputs[name] = value;
        }

        if (outcome.Summary.Length > 0)
        {
            summaries.Add(outcome.Summary);
        }

        var tolerated = !outcome.Succeeded && step.ContinueOnError && !outcome.Cancelled;
        SetStep(step, outcome, Word(outcome), tolerated ? "success" : Word(outcome));
        if (outcome.TimedOut && signals.JobTimeout.IsCancellationRequested)
        {
            timedOut = true;
            failure ??= $"timed out after {Format(setup.Job.Definition.Timeout ?? run.Pipeline.Defaults.Timeout)}";
        }
        else if (!outcome.Succeeded && !outcome.Cancelled && !tolerated)
        {
            failure ??= outcome.TimedOut
                ? $"step `{step.Name}` timed out after {Format(step.Timeout)}"
                : outcome.Error is not null ? $"step `{step.Name}`: {outcome.Error}" : $"step `{step.Name}` failed (exit code {outcome.ExitCode})";
            timedOut |= outcome.TimedOut;
        }
        else if (tolerated)
        {
            setup.Log.Note(index, $"step `{step.Name}` failed; continuing (continue-on-error)");
        }
    }

    private void RenderJobOutputs(JobDefinition definition)
    {
        var context = Context(new Dictionary<string, string>());
        foreach (var (name, raw) in definition.Outputs)
        {
            if (raw.Length == 0)
            {
                continue; // `outputs: [version]` names an output a step writes to $SLUICE_OUTPUT; it must not be blanked.
            }

            var rendered = RunTimeExpressions.Render(raw, context);
            if (rendered.Error is not null)
            {
                setup.Log.Note(0, $"warning: output `{name}`: {rendered.Error}");
                continue;
            }

            outputs[name] = rendered.Text;
        }
    }

    private RunExpressionContext Context(IReadOnlyDictionary<string, string> env) =>
        setup.Expressions.With("steps", ExprValue.FromObject(new Dictionary<string, ExprValue>(steps, StringComparer.Ordinal)))
            .With("env", ExprValues.Strings(Merge(env, envAdditions)));

    private Dictionary<string, string>? RenderEnv(IReadOnlyDictionary<string, string> raw, IReadOnlyDictionary<string, string> visible, string what)
    {
        var result = new Dictionary<string, string>(visible, StringComparer.Ordinal);
        var context = Context(visible);
        foreach (var (name, value) in raw)
        {
            var rendered = RunTimeExpressions.Render(value, context);
            if (rendered.Error is not null)
            {
                failure ??= $"{what} `{name}`: {rendered.Error}";
                setup.Log.Note(0, "error: " + failure);
                return null;
            }

            result[name] = rendered.Text;
        }

        return result;
    }

    private void Fail(int index, StepDefinition step, string reason)
    {
        failure ??= reason;
        setup.Log.Note(index, "error: " + reason);
        var now = setup.Run.Time.GetUtcNow();
        Record(index, step, StepState.Failed, null, now, now);
        SetStep(step, StepOutcome.Failure(reason), "failure", step.ContinueOnError ? "success" : "failure");
    }

    private void SetStep(StepDefinition step, StepOutcome outcome, string outcomeWord, string conclusion)
    {
        if (step.Id is null)
        {
            return;
        }

        steps[step.Id] = ExprValues.Object(
            ("outputs", ExprValues.Strings(outcome.Outputs)),
            ("outcome", ExprValue.FromString(outcomeWord)),
            ("conclusion", ExprValue.FromString(conclusion)));
    }

    private void Record(int index, StepDefinition step, StepState state, int? exitCode, DateTimeOffset started, DateTimeOffset? finished)
    {
        var record = new StepRecord(setup.Run.RunId, setup.Job.Key, attempt, index, step.Name, state, exitCode, started, finished);
        setup.Run.Recorder.Enqueue((store, ct) => store.UpsertStepAsync(record, ct));
    }

    private AttemptOutcome Outcome(JobState state) =>
        new(state, timedOut, state == JobState.Succeeded ? null : failure, outputs, string.Join("\n", summaries));

    private static string Format(TimeSpan? duration) => duration is { } d ? Core.Time.Duration.Format(d) : "?";

    private static string Word(StepOutcome outcome) => outcome.State switch
    {
        StepState.Succeeded => "success",
        StepState.Cancelled => "cancelled",
        StepState.Skipped => "skipped",
        _ => "failure",
    };

    private static Dictionary<string, string> Merge(IReadOnlyDictionary<string, string> lower, IReadOnlyDictionary<string, string> higher)
    {
        var merged = new Dictionary<string, string>(lower, StringComparer.Ordinal);
        foreach (var (name, value) in higher)
        {
            merged[name] = value;
        }

        return merged;
    }
}
