using System.CommandLine;
using Sluice.Cli.Terminal;
using Sluice.Cli.Events;
using Sluice.Core.Events;
using Sluice.Core.Pipelines;
using Sluice.Core.Planning;
using Sluice.Engine.Pipelines;
using Sluice.Engine.Runs;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice run [pipeline]</c>: plans the event (default: a push of the current branch at HEAD) with the same
/// planner as <c>sluice plan</c> and runs the selected pipelines, one run each. Naming a pipeline runs it
/// whatever its triggers; <c>--job</c> runs only those jobs and what they need.
/// Exit 0 when every run succeeded, 1 when one failed or was cancelled, 2 for invalid input (invalid pipelines included).
/// </summary>
internal static class RunCommand
{
    public static Command Create(TimeProvider time)
    {
        var pipelineArgument = new Argument<string?>("pipeline") { Description = "Pipeline id, name or file to run whatever its triggers", Arity = ArgumentArity.ZeroOrOne };
        var jobs = new Option<string[]>("--job") { Description = "Run only this job (id or key, repeatable) and the jobs it needs" };
        var flags = new RunFlags();
        var events = new EventOptions();
        var command = new Command("run", "Run pipelines locally: jobs in parallel as soon as their needs end, with a durable history") { pipelineArgument, jobs };
        flags.AddTo(command);
        events.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var error = result.InvocationConfiguration.Error;
            async Task<int> Usage(string message)
            {
                await error.WriteLineAsync("sluice run: " + message);
                return ExitCodes.Usage;
            }

            if (flags.WorkingDirectory(result, out var problem) is not { } cwd)
            {
                return await Usage(problem!);
            }

            var named = result.GetValue(pipelineArgument);
            var namedFile = named is null ? null : Path.GetFullPath(named, cwd);
            var set = PipelineLoader.Load([namedFile is not null && File.Exists(namedFile) ? namedFile : PipelineLoader.DefaultFolder(cwd)], cwd);
            if (!set.IsValid)
            {
                foreach (var diagnostic in set.Diagnostics)
                {
                    await error.WriteLineAsync(diagnostic.ToString());
                }

                return await Usage("the pipelines are invalid; nothing was run");
            }

            Pipeline? pipeline = null;
            if (named is not null)
            {
                pipeline = namedFile is not null && File.Exists(namedFile) ? set.Pipelines.Single()
                    : set.Pipelines.FirstOrDefault(p => p.Id == named) ?? set.Pipelines.FirstOrDefault(p => p.Name == named);
                if (pipeline is null)
                {
                    return await Usage($"no pipeline `{named}` (pipelines: {string.Join(", ", set.Pipelines.Select(p => p.Id))})");
                }
            }

            var (ev, eventProblem) = await events.BuildAsync(result, cwd, pipeline?.Id, cancellationToken);
            if (ev is null)
            {
                return await Usage(eventProblem!);
            }

            var plans = pipeline is not null ? [Planner.PlanPipeline(pipeline, ev, force: true)] : Planner.Plan(set.Pipelines, ev).Pipelines.ToList();
            if (plans.FirstOrDefault(p => !p.Matched && pipeline is not null) is { } rejected)
            {
                return await Usage($"{rejected.Pipeline.Id}: {rejected.Reason}");
            }

            var selected = result.GetValue(jobs) ?? [];
            var toRun = new List<PipelinePlan>();
            foreach (var plan in plans.Where(p => p.Matched))
            {
                var (filtered, unknown) = JobSelection.Select(plan, selected);
                if (filtered.Jobs.Count > 0 || selected.Length == 0)
                {
                    toRun.Add(filtered);
                }
                else if (plans.Count(p => p.Matched) == 1 && unknown.Count > 0)
                {
                    return await Usage($"no job {string.Join(", ", unknown.Select(u => $"`{u}`"))} in {plan.Pipeline.Id} (jobs: {string.Join(", ", plan.Jobs.Select(j => j.Key))})");
                }
            }

            if (toRun.Count == 0)
            {
                await result.InvocationConfiguration.Output.WriteLineAsync($"sluice run: no pipeline matches {PipelineEvent.KindText(ev.Kind)} {ev.Ref}: "
                    + string.Join("; ", plans.Select(p => $"{p.Pipeline.Id}: {p.Reason}")));
                return ExitCodes.Success;
            }

            var (secrets, secretsProblem) = flags.ReadSecrets(result, cwd);
            if (secretsProblem is not null)
            {
                return await Usage(secretsProblem);
            }

            var (options, state, optionsProblem) = flags.Options(result, cwd, ev.Sha);
            if (options is null)
            {
                return await Usage(optionsProblem!);
            }

            if (ev.Fork && secrets.Count > 0)
            {
                await error.WriteLineAsync("sluice run: pull request from a fork: secrets are withheld from every job");
                secrets = new Dictionary<string, string>();
            }

            await using var store = state.EnsureCreated().OpenRunStore(time);
            await store.MigrateAsync(cancellationToken);
            var exit = ExitCodes.Success;
            foreach (var plan in toRun)
            {
                var request = new RunRequest(plan, ev, secrets, plan.Inputs ?? ev.Inputs ?? new Dictionary<string, string>(), cwd, options);
                var code = await RunConsole.ExecuteAsync(request, store, state, result.InvocationConfiguration.Output, error, result.GetValue(flags.Json), time, cancellationToken);
                exit = Math.Max(exit, code);
            }

            return exit;
        });
        return command;
    }
}
