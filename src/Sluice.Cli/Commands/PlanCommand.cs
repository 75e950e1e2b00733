using System.CommandLine;
using Sluice.Cli.Events;
using Sluice.Cli.Output;
using Sluice.Core.Planning;
using Sluice.Engine.Pipelines;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice plan</c>: shows what an event would run — each pipeline matched or not and why, the expanded
/// job graph, and the jobs left out with the reason. Exit 0 when planned, 1 when the pipelines are invalid,
/// 2 for usage errors.
/// </summary>
internal static class PlanCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths") { Description = "Pipeline files or folders (default: .sluice/ of the repository)", Arity = ArgumentArity.ZeroOrMore };
        var directory = new Option<string?>("-C") { Description = "Run as if started in this directory" };
        var pipeline = new Option<string?>("--pipeline") { Description = "For manual/api/schedule events: the pipeline (id or name) to plan" };
        var json = new Option<bool>("--json") { Description = "Print the plan as JSON" };
        var events = new EventOptions();
        var command = new Command("plan", "Show which pipelines and jobs an event would run, and why others would not") { paths, directory, pipeline, json };
        events.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var output = result.InvocationConfiguration.Output;
            var error = result.InvocationConfiguration.Error;
            var cwd = Path.GetFullPath(result.GetValue(directory) ?? Directory.GetCurrentDirectory());
            if (!Directory.Exists(cwd))
            {
                await error.WriteLineAsync($"sluice plan: no such directory: {cwd}");
                return ExitCodes.Usage;
            }

            var given = (result.GetValue(paths) ?? []).Select(p => Path.GetFullPath(p, cwd)).ToArray();
            if (given.FirstOrDefault(p => !File.Exists(p) && !Directory.Exists(p)) is { } missing)
            {
                await error.WriteLineAsync($"sluice plan: no such file or directory: {missing}");
                return ExitCodes.Usage;
            }

            var set = PipelineLoader.Load(given.Length > 0 ? given : [PipelineLoader.DefaultFolder(cwd)], cwd);
            if (!set.IsValid)
            {
                foreach (var diagnostic in set.Diagnostics)
                {
                    await error.WriteLineAsync(diagnostic.ToString());
                }

                await error.WriteLineAsync("sluice plan: the pipelines are invalid; run `sluice validate` for details");
                return ExitCodes.Failure;
            }

            var (ev, problem) = await events.BuildAsync(result, cwd, result.GetValue(pipeline), cancellationToken);
            if (ev is null)
            {
                await error.WriteLineAsync($"sluice plan: {problem}");
                return ExitCodes.Usage;
            }

            var plan = Planner.Plan(set.Pipelines, ev);
            if (result.GetValue(json))
            {
                await output.WriteLineAsync(Json.Serialize(PlanPrinter.ToJson(ev, plan, TimeProvider.System.GetUtcNow())));
            }
            else
            {
                PlanPrinter.Print(output, ev, plan, TimeProvider.System.GetUtcNow());
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
