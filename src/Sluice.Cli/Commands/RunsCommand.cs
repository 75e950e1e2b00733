using System.CommandLine;
using Sluice.Cli.Output;
using Spectre.Console;
using Spectre.Console.Rendering;
using Sluice.Engine.Storage;

namespace Sluice.Cli.Commands;

/// <summary><c>sluice runs</c>: recent runs, newest first.</summary>
internal static class RunsCommand
{
    public static Command Create(TimeProvider time)
    {
        var pipeline = new Option<string?>("--pipeline") { Description = "Only runs of this pipeline id" };
        var state = new Option<string?>("--state") { Description = "Only runs in this state: queued, running, succeeded, failed, cancelled, interrupted" };
        var limit = new Option<int>("--limit") { Description = "At most this many runs", DefaultValueFactory = _ => 20 };
        var json = HistoryCli.JsonOption("the runs");
        var stateDir = HistoryCli.StateDirOption();
        var command = new Command("runs", "List recent runs, newest first. Runs whose process died show as interrupted.");
        foreach (var option in new Option[] { pipeline, state, limit, json, stateDir })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            RunState? stateFilter = null;
            if (r.GetValue(state) is { } stateText)
            {
                if (!Enum.TryParse<RunState>(stateText, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(stateText, out _))
                {
                    return await HistoryCli.UsageAsync(r, $"unknown state `{stateText}`; use queued, running, succeeded, failed, cancelled or interrupted");
                }

                stateFilter = parsed;
            }

            if (r.GetValue(limit) is var max && max <= 0)
            {
                return await HistoryCli.UsageAsync(r, "--limit must be at least 1");
            }

            return await HistoryCli.WithHistoryAsync(r, stateDir, time, ct, async (history, dir, output) =>
            {
                var runs = await history.ListAsync(new RunQuery(max, r.GetValue(pipeline), stateFilter), ct);
                if (r.GetValue(json))
                {
                    await output.WriteLineAsync(Json.Serialize(runs));
                }
                else if (runs.Count == 0)
                {
                    await output.WriteLineAsync($"no runs (state directory: {dir.Root})");
                }
                else if (HistoryCli.IsTerminal(output))
                {
                    RenderTerminalTable(output, runs, time.GetUtcNow());
                }
                else
                {
                    await HistoryCli.WriteLinesAsync(output, HistoryText.RunsTable(runs, time.GetUtcNow()));
                }

                return ExitCodes.Success;
            });
        });
        return command;
    }

    /// <summary>On a terminal: the same cells in a Spectre table, states coloured.</summary>
    private static void RenderTerminalTable(TextWriter output, IReadOnlyList<RunRecord> runs, DateTimeOffset now)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        var table = new Table().Border(TableBorder.Simple);
        foreach (var header in HistoryText.RunsHeaders)
        {
            table.AddColumn(header);
        }

        var state = HistoryText.RunsHeaders.ToList().IndexOf("STATE");
        foreach (var (run, cells) in runs.Zip(HistoryText.RunsRows(runs, now)))
        {
            var colour = run.State switch
            {
                RunState.Succeeded => "green",
                RunState.Failed => "red",
                RunState.Running or RunState.Queued => "blue",
                _ => "yellow",
            };
            table.AddRow(cells.Select((c, i) => (IRenderable)new Markup(i == state ? $"[{colour}]{Markup.Escape(c)}[/]" : Markup.Escape(c))).ToArray());
        }

        console.Write(table);
    }
}
