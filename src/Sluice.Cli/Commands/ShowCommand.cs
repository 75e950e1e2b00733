using System.CommandLine;
using Sluice.Cli.Output;
using Sluice.Engine.Storage;

namespace Sluice.Cli.Commands;

/// <summary><c>sluice show [RUN]</c>: one run with its jobs, steps, outputs, artifacts and summary.</summary>
internal static class ShowCommand
{
    public static Command Create(TimeProvider time)
    {
        var run = new Argument<string?>("run") { Description = "Run id (default: the latest run)", Arity = ArgumentArity.ZeroOrOne };
        var json = HistoryCli.JsonOption("the run, jobs, steps and artifacts");
        var stateDir = HistoryCli.StateDirOption();
        var command = new Command("show", "Show a run: jobs with state, duration, attempts and reasons, steps, outputs, artifacts, summary.");
        command.Arguments.Add(run);
        command.Options.Add(json);
        command.Options.Add(stateDir);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            if (!HistoryCli.TryParseRun(r.GetValue(run), out var runId))
            {
                return await HistoryCli.UsageAsync(r, $"`{r.GetValue(run)}` is not a run id");
            }

            return await HistoryCli.WithHistoryAsync(r, stateDir, time, ct, async (history, _, output) =>
            {
                if (await history.GetDetailsAsync(runId, ct) is not { } details)
                {
                    await r.InvocationConfiguration.Error.WriteLineAsync($"sluice: {HistoryCli.NotFound(runId)}");
                    return ExitCodes.Failure;
                }

                if (r.GetValue(json))
                {
                    await output.WriteLineAsync(Json.Serialize(new { details.Run, details.Jobs, details.Steps, details.Artifacts }));
                }
                else
                {
                    await HistoryCli.WriteLinesAsync(output, RunDetailsText.Render(details, time.GetUtcNow()));
                }

                return ExitCodes.Success;
            });
        });
        return command;
    }
}
