using System.Globalization;
using Sluice.Core.Expressions;
using Sluice.Engine.Execution;
using Sluice.Engine.Storage;

namespace Sluice.Engine.Deployments;

/// <summary>
/// Runs the user's <c>shift</c>, <c>check</c> and <c>rollback</c> commands inside the deploying job: each as a step
/// (recorded after the job's own steps, its output in the job's log) with the job's environment, secrets and
/// built-in variables plus <c>SLUICE_TRAFFIC_PERCENT</c>, <c>SLUICE_VERSION</c> and <c>SLUICE_PREVIOUS_VERSION</c>.
/// Background processes a command leaves behind are stopped when the strategy ends (<see cref="DisposeAsync"/>);
/// a service meant to outlive the deployment must detach itself (a new session).
/// </summary>
internal sealed class StrategyCommands : IAsyncDisposable
{
    private readonly JobSetup setup;
    private readonly Dictionary<string, string> environment;
    private readonly RunExpressionContext expressions;
    private readonly string workingDirectory;
    private readonly List<StepProcess> leftovers = [];
    private int next;

    public StrategyCommands(JobSetup setup, IReadOnlyDictionary<string, string> deploymentVariables)
    {
        this.setup = setup;
        var run = setup.Run;
        var definition = setup.Job.Definition;
        var rendered = RenderEnv(run.Pipeline.Env, new Dictionary<string, string>(StringComparer.Ordinal));
        rendered = RenderEnv(definition.Env, rendered);
        expressions = setup.Expressions.With("env", ExprValues.Strings(rendered));
        environment = new Dictionary<string, string>(run.InheritedEnvironment, StringComparer.Ordinal);
        foreach (var layer in new[] { setup.SecretEnvironment, rendered, setup.Builtins, deploymentVariables })
        {
            foreach (var (name, value) in layer)
            {
                environment[name] = value;
            }
        }

        var directory = RunTimeExpressions.Render(definition.WorkingDirectory ?? run.Pipeline.Defaults.WorkingDirectory ?? ".", expressions);
        workingDirectory = Path.GetFullPath(Path.Combine(run.Workspace, directory.Error is null ? directory.Text : "."));
        next = definition.Steps.Count;
    }

    /// <summary>Runs <paramref name="script"/> (a template) as the step <paramref name="name"/> with <paramref name="variables"/> added.</summary>
    public async Task<CommandResult> RunAsync(string name, string script, IReadOnlyDictionary<string, string> variables, StepSignals signals)
    {
        var run = setup.Run;
        var index = ++next;
        var rendered = RunTimeExpressions.Render(script, expressions);
        var started = run.Time.GetUtcNow();
        if (rendered.Error is not null)
        {
            Record(index, name, StepState.Failed, null, started);
            setup.Log.Note(index, $"error: {name}: {rendered.Error}");
            return new CommandResult(rendered.Error, null);
        }

        var env = new Dictionary<string, string>(environment, StringComparer.Ordinal);
        foreach (var (key, value) in variables)
        {
            env[key] = value;
        }

        env["SLUICE_STEP"] = index.ToString(CultureInfo.InvariantCulture);
        env["SLUICE_ATTEMPT"] = setup.Log.Attempt.ToString(CultureInfo.InvariantCulture);
        var launch = new StepLaunch(index, rendered.Text, run.Pipeline.Defaults.Shell, workingDirectory, env,
            $"{setup.FilePrefix}-deploy-s{index}", null, run.Scripts, run.Options.DirectExec);
        Record(index, name, StepState.Running, null, started);
        setup.Log.Note(index, $"▶ {name}");
        var outcome = await StepExecutor.RunAsync(launch, setup.Log, signals, run.Options.KillGrace, run.Time, leftovers, run.Options.StepGroups ?? NoStepGroupWatch.Instance);
        Record(index, name, outcome.State, outcome.ExitCode, started, run.Time.GetUtcNow());
        var message = outcome.Outputs.TryGetValue("message", out var m) ? run.Masker.Apply(m) : null;
        var problem = outcome.State switch
        {
            StepState.Succeeded => null,
            StepState.TimedOut => "stopped at the deployment's timeout",
            StepState.Cancelled => "stopped",
            _ => outcome.Error ?? $"exit code {outcome.ExitCode}",
        };
        return new CommandResult(problem, message);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in leftovers)
        {
            setup.Log.Note(0, "stopping background processes left by a deployment command");
            await process.TerminateAsync(setup.Run.Options.KillGrace, setup.Run.Aborted);
            await process.WaitForOutputAsync(TimeSpan.FromSeconds(1));
            process.Dispose();
        }

        leftovers.Clear();
    }

    private Dictionary<string, string> RenderEnv(IReadOnlyDictionary<string, string> raw, Dictionary<string, string> visible)
    {
        var result = new Dictionary<string, string>(visible, StringComparer.Ordinal);
        foreach (var (name, value) in raw)
        {
            var rendered = RunTimeExpressions.Render(value, setup.Expressions.With("env", ExprValues.Strings(result)));
            if (rendered.Error is null)
            {
                result[name] = rendered.Text;
            }
            else
            {
                setup.Log.Note(0, $"warning: env `{name}` for the deployment commands: {rendered.Error}");
            }
        }

        return result;
    }

    private void Record(int index, string name, StepState state, int? exitCode, DateTimeOffset started, DateTimeOffset? finished = null)
    {
        var record = new StepRecord(setup.Run.RunId, setup.Job.Key, setup.Log.Attempt, index, name, state, exitCode, started,
            state == StepState.Running ? null : finished ?? started);
        setup.Run.Recorder.Enqueue((store, ct) => store.UpsertStepAsync(record, ct));
    }
}
