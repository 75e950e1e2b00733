using Sluice.Engine.Runs;

namespace Sluice.Cli.Terminal;

/// <summary>
/// Without a terminal (CI logs, pipes): plain lines prefixed by the job, <c>[build] compiling...</c>, plus one
/// line when a job starts and when it ends (with the reason for skipped, cancelled and failed jobs).
/// </summary>
internal sealed class PlainRunView(TextWriter output) : IRunObserver
{
    private readonly Lock gate = new();

    public void OnEvent(RunEvent runEvent)
    {
        var line = runEvent switch
        {
            RunStartedEvent e => $"sluice: run #{e.RunId} of {e.PipelineName} ({e.Jobs.Count} job{(e.Jobs.Count == 1 ? "" : "s")})"
                + (e.ParentRunId is { } parent ? $", re-running #{parent}" : ""),
            JobStartedEvent e => e.Attempt == 1 ? $"[{e.JobKey}] ▶ started" : $"[{e.JobKey}] ▶ attempt {e.Attempt}",
            LogEvent e => $"[{e.JobKey}] {e.Text}",
            JobFinishedEvent e => Finished(e.Result),
            _ => null,
        };
        if (line is null)
        {
            return;
        }

        lock (gate)
        {
            try
            {
                output.WriteLine(line);
            }
            catch (IOException)
            {
                // The reader went away (`| head`): the run goes on; observers must never throw into the engine.
            }
        }
    }

    private static string Finished(JobResult result)
    {
        if (result.Reused)
        {
            return $"[{result.Key}] ↺ {result.Reason}";
        }

        var duration = result.Duration is { } d ? " in " + RunText.Duration(d) : "";
        var reason = result.Reason is null ? "" : ": " + result.Reason;
        return $"[{result.Key}] {RunText.Symbol(result.State)} {RunText.State(result)}{duration}{reason}";
    }
}
