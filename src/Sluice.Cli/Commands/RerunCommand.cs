using System.CommandLine;
using Sluice.Cli.Terminal;
using Sluice.Core.Planning;
using Sluice.Engine.Pipelines;
using Sluice.Engine.Runs;
using Sluice.Engine.Storage;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice rerun [RUN] [--failed]</c>: a new run (with the old one as parent) of the same pipeline and event.
/// With <c>--failed</c> only the jobs that failed, were cancelled or never finished (an interrupted run) run
/// again, with everything that depends on them; the other jobs' outputs and artifacts are reused.
/// RUN defaults to the newest run. Secrets are not stored: pass them again.
/// </summary>
internal static class RerunCommand
{
    public static Command Create(TimeProvider time)
    {
        var runArgument = new Argument<string?>("run") { Description = "Run id (default: the newest run)", Arity = ArgumentArity.ZeroOrOne };
        var failed = new Option<bool>("--failed") { Description = "Re-run only failed, cancelled and interrupted jobs and what depends on them" };
        var flags = new RunFlags();
        var command = new Command("rerun", "Run a previous run again, or only its failed jobs (--failed)") { runArgument, failed };
        flags.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var error = result.InvocationConfiguration.Error;
            async Task<int> Fail(string message, int code)
            {
                await error.WriteLineAsync("sluice rerun: " + message);
                return code;
            }

            if (flags.WorkingDirectory(result, out var problem) is not { } cwd)
            {
                return await Fail(problem!, ExitCodes.Usage);
            }

            if (!HistoryCli.TryParseRun(result.GetValue(runArgument), out var runId))
            {
                return await Fail($"`{result.GetValue(runArgument)}` is not a run id", ExitCodes.Usage);
            }

            var (secrets, secretsProblem) = flags.ReadSecrets(result, cwd);
            var (options, state, optionsProblem) = flags.Options(result, cwd, null);
            if ((secretsProblem ?? optionsProblem) is { } usage)
            {
                return await Fail(usage, ExitCodes.Usage);
            }

            await using var history = await RunHistory.OpenAsync(state, time, cancellationToken);
            if (history.Store is not { } store || await history.FindAsync(runId, cancellationToken) is not { } parent)
            {
                return await Fail(HistoryCli.NotFound(runId), ExitCodes.Usage);
            }

            if (parent.State is RunState.Queued or RunState.Running)
            {
                return await Fail($"run #{parent.Id} is still running (owner {parent.Owner})", ExitCodes.Usage);
            }

            if (EventJson.Deserialize(parent.EventJson) is not { } ev)
            {
                return await Fail($"run #{parent.Id}: its event cannot be read", ExitCodes.Failure);
            }

            var file = Path.GetFullPath(parent.PipelineFile, cwd);
            var set = PipelineLoader.Load([File.Exists(file) ? file : PipelineLoader.DefaultFolder(cwd)], cwd);
            var pipeline = set.Pipelines.FirstOrDefault(p => p.Id == parent.PipelineId);
            if (pipeline is null || !set.IsValid)
            {
                foreach (var diagnostic in set.Diagnostics)
                {
                    await error.WriteLineAsync(diagnostic.ToString());
                }

                return await Fail($"pipeline `{parent.PipelineId}` is missing or invalid", ExitCodes.Usage);
            }

            var plan = Planner.PlanPipeline(pipeline, ev, force: true);
            var (rerunPlan, source) = RerunPlanner.Plan(plan, parent.Id,
                await store.GetJobsAsync(parent.Id, cancellationToken), await store.GetArtifactsAsync(parent.Id, cancellationToken), result.GetValue(failed));
            if (rerunPlan.Jobs.Count == source.Reused.Count && result.GetValue(failed))
            {
                await result.InvocationConfiguration.Output.WriteLineAsync($"sluice rerun: run #{parent.Id} has no failed jobs");
                return ExitCodes.Success;
            }

            var request = new RunRequest(rerunPlan, ev, ev.Fork ? new Dictionary<string, string>() : secrets, rerunPlan.Inputs ?? ev.Inputs ?? new Dictionary<string, string>(),
                cwd, options! with { Revision = ev.Sha }, source);
            return await RunConsole.ExecuteAsync(request, store, state, result.InvocationConfiguration.Output, error, result.GetValue(flags.Json), time, cancellationToken);
        });
        return command;
    }
}
