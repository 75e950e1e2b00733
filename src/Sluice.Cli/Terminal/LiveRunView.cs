using Sluice.Engine.Runs;
using Sluice.Engine.Storage;
using Spectre.Console;

namespace Sluice.Cli.Terminal;

/// <summary>
/// On a terminal: a live table with one row per job (state, duration, latest output line), redrawn ten times a
/// second while the run goes on, then the final report. Events only update rows under a lock; drawing happens
/// on the view's own loop, so a chatty job never slows the engine down.
/// </summary>
internal sealed class LiveRunView(IAnsiConsole console, TimeProvider time) : IRunObserver
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(100);
    private readonly Lock gate = new();
    private readonly List<LiveJobRow> rows = [];
    private readonly Dictionary<string, LiveJobRow> byKey = new(StringComparer.Ordinal);
    private string title = "starting...";

    public void OnEvent(RunEvent runEvent)
    {
        lock (gate)
        {
            switch (runEvent)
            {
                case RunStartedEvent e:
                    title = $"run #{e.RunId} · {e.PipelineName}" + (e.ParentRunId is { } p ? $" · re-run of #{p}" : "");
                    foreach (var job in e.Jobs.Where(j => !byKey.ContainsKey(j.Key)))
                    {
                        var row = new LiveJobRow(job.Key);
                        rows.Add(row);
                        byKey[job.Key] = row;
                    }

                    break;
                case JobStartedEvent e when byKey.TryGetValue(e.JobKey, out var row):
                    row.State = JobState.Running;
                    row.StartedAt ??= e.At;
                    row.Attempt = e.Attempt;
                    break;
                case LogEvent e when byKey.TryGetValue(e.JobKey, out var row) && e.Text.Trim().Length > 0:
                    row.LastLine = e.Text;
                    break;
                case JobFinishedEvent e when byKey.TryGetValue(e.Result.Key, out var row):
                    row.State = e.Result.State;
                    row.Reused = e.Result.Reused;
                    row.FinishedAt = e.At;
                    row.LastLine = e.Result.Reason ?? row.LastLine;
                    break;
            }
        }
    }

    public async Task<RunResult> ShowAsync(Func<Task<RunResult>> run)
    {
        RunResult? result = null;
        await console.Live(Build()).AutoClear(true).StartAsync(async context =>
        {
            var running = run();
            while (!running.IsCompleted)
            {
                context.UpdateTarget(Build());
                await Task.WhenAny(running, Task.Delay(Refresh));
            }

            result = await running;
        });
        return result!;
    }

    private Table Build()
    {
        var now = time.GetUtcNow();
        var width = Math.Max(20, console.Profile.Width - 45);
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(title)).AddColumns("Job", "State", "Time", "Output");
        lock (gate)
        {
            foreach (var row in rows)
            {
                var state = row.Reused ? "reused" : RunText.State(row.State) + (row.Attempt > 1 && row.State == JobState.Running ? $" ({row.Attempt})" : "");
                var color = row.Reused ? "grey" : RunReport.Color(row.State);
                var elapsed = row.StartedAt is { } s ? (row.FinishedAt ?? now) - s : (TimeSpan?)null;
                var line = row.LastLine.Length > width ? row.LastLine[..(width - 1)] + "…" : row.LastLine;
                table.AddRow(Markup.Escape(row.Key), $"[{color}]{RunText.Symbol(row.State)} {state}[/]", RunText.Duration(elapsed), Markup.Escape(line));
            }
        }

        return table;
    }
}
