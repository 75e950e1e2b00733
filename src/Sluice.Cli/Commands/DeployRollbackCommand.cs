using System.CommandLine;
using Sluice.Cli.Terminal;
using Sluice.Core.Deployments;
using Sluice.Core.Parsing;
using Sluice.Core.Pipelines;
using Sluice.Core.Planning;
using Sluice.Engine.Deployments;
using Sluice.Engine.Git;
using Sluice.Engine.Pipelines;
using Sluice.Engine.Runs;
using Sluice.Engine.State;
using Sluice.Engine.Storage;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice deploy rollback ENV [--to VERSION] [--gradual]</c>: a new deployment of the last good version (the newest
/// succeeded one other than what runs now, or VERSION): the same job of the same pipeline, at the commit that deployed
/// it (a clean checkout in a git repository), with the outputs and artifacts of the jobs it needs carried over from that
/// run. One shift to 100% unless <c>--gradual</c>. It counts as a manual (cli) deployment, so the environment's rules,
/// approval included, apply. Exit 0 rolled back, 1 failed or nothing to roll back to, 2 usage.
/// </summary>
internal static class DeployRollbackCommand
{
    public static Command Create(TimeProvider time)
    {
        var environment = DeployCli.EnvironmentArgument();
        var to = new Option<string?>("--to") { Description = "Deploy this version (one that succeeded before) instead of the previous good one", HelpName = "version" };
        var gradual = new Option<bool>("--gradual") { Description = "Follow the job's deploy strategy instead of shifting all traffic at once" };
        var asOption = DeployCli.AsOption();
        var flags = new RunFlags();
        var database = new DeployDatabase();
        var command = new Command("rollback", "Deploy the previous good version again (or --to VERSION) through the job that deployed it") { environment, to, gradual, asOption };
        flags.AddTo(command);
        database.AddTo(command);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var error = r.InvocationConfiguration.Error;
            async Task<int> Fail(string message, int code)
            {
                await error.WriteLineAsync("sluice deploy rollback: " + message);
                return code;
            }

            if (flags.WorkingDirectory(r, out var problem) is not { } cwd)
            {
                return await Fail(problem!, ExitCodes.Usage);
            }

            var (secrets, secretsProblem) = flags.ReadSecrets(r, cwd);
            var (options, state, optionsProblem) = flags.Options(r, cwd, null);
            var (location, databaseProblem) = database.Resolve(r);
            if ((secretsProblem ?? optionsProblem ?? databaseProblem) is { } usage)
            {
                return await Fail(usage, ExitCodes.Usage);
            }

            var name = r.GetValue(environment)!;
            await using var stores = await DeployDatabase.OpenAsync(location, state, create: false, time, ct);
            if (stores is null)
            {
                return await Fail($"no deployments to {name} yet", ExitCodes.Failure);
            }

            // Runs of processes that died read as interrupted (as `sluice runs` shows them) before the history is used.
            await stores.Runs.MarkInterruptedAsync(ProcessLiveness.IsAlive, time.GetUtcNow(), ct);
            var (store, deployments) = (stores.Runs, stores.Deployments);
            var commands = new DeploymentCommands(deployments, time);
            var (target, noTarget) = await commands.RollbackTargetAsync(name, r.GetValue(to), ct);
            if (target is null)
            {
                return await Fail(noTarget!, ExitCodes.Failure);
            }

            var current = await deployments.LastSucceededAsync(name, null, null, ct);
            if (await store.GetRunAsync(target.RunId, ct) is not { } parent || EventJson.Deserialize(parent.EventJson) is not { } parentEvent)
            {
                return await Fail(DeployCli.Invariant($"run #{target.RunId}, which deployed {target.Version}, is no longer in the history (pruned)"), ExitCodes.Failure);
            }

            var ev = parentEvent with { Actor = DeployCli.Person(r, asOption) };
            var (pipeline, pipelineProblem) = await LoadPipelineAsync(cwd, parent, target.Sha, ct);
            if (pipeline is null)
            {
                return await Fail(pipelineProblem!, ExitCodes.Failure);
            }

            var plan = Planner.PlanPipeline(pipeline, ev, force: true);
            var (rollbackPlan, source, planProblem) = RollbackPlanner.Plan(plan, target, await store.GetJobsAsync(parent.Id, ct), await store.GetArtifactsAsync(parent.Id, ct));
            if (rollbackPlan is null)
            {
                return await Fail(planProblem!, ExitCodes.Failure);
            }

            var inGit = GitDirectories.FindCommonDirectory(cwd) is not null && target.Sha is not null;
            var settings = new DeploymentSettings { AllAtOnce = !r.GetValue(gradual), RollbackOf = current?.Id, Source = TriggerSource.Cli, Store = deployments };
            var runOptions = options! with { Isolated = options.Isolated || inGit, Revision = inGit ? target.Sha : null, Deployments = settings };
            await r.InvocationConfiguration.Output.WriteLineAsync(DeployCli.Invariant(
                $"rolling back {name} from {current?.Version ?? "?"} to {target.Version}: job `{target.JobKey}` of run #{target.RunId} at {HistoryText.Sha7(target.Sha)}"));
            var request = new RunRequest(rollbackPlan, ev, secrets, rollbackPlan.Inputs ?? ev.Inputs ?? new Dictionary<string, string>(), cwd, runOptions, source);
            return await RunConsole.ExecuteAsync(request, store, state, r.InvocationConfiguration.Output, error, r.GetValue(flags.Json), time, ct);
        });
        return command;
    }

    /// <summary>The pipeline as it was at <paramref name="sha"/> when git has it, else as it is in the working tree.</summary>
    private static async Task<(Pipeline? Pipeline, string? Problem)> LoadPipelineAsync(string cwd, RunRecord parent, string? sha, CancellationToken ct)
    {
        if (sha is not null && GitDirectories.FindCommonDirectory(cwd) is not null)
        {
            var shown = await new GitCli(cwd).RunAsync(["show", $"{sha}:./{parent.PipelineFile}"], ct);
            if (shown.Ok)
            {
                var parsed = PipelineParser.Parse(parent.PipelineFile, shown.Output);
                if (parsed.IsValid)
                {
                    return (parsed.Pipeline, null);
                }
            }
        }

        var file = Path.GetFullPath(parent.PipelineFile, cwd);
        var set = PipelineLoader.Load([File.Exists(file) ? file : PipelineLoader.DefaultFolder(cwd)], cwd);
        var pipeline = set.Pipelines.FirstOrDefault(p => p.Id == parent.PipelineId);
        return pipeline is not null && set.IsValid ? (pipeline, null) : (null, $"pipeline `{parent.PipelineId}` is missing or invalid");
    }
}
