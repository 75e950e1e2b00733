using System.Text.Json;
using Sluice.Cli.Output;
using Sluice.Engine.Runs;

namespace Sluice.Cli.Terminal;

/// <summary>
/// <c>--json</c>: one JSON object per line for each event — <c>run_started</c>, <c>job_started</c>, <c>log</c>,
/// <c>job_finished</c>, <c>run_finished</c> — in snake_case, for scripts and editors.
/// </summary>
internal sealed class JsonRunView(TextWriter output) : IRunObserver
{
    private static readonly JsonSerializerOptions Options = new(Json.Options) { WriteIndented = false };
    private readonly Lock gate = new();

    public void OnEvent(RunEvent runEvent)
    {
        object? line = runEvent switch
        {
            RunStartedEvent e => new { type = "run_started", run_id = e.RunId, at = e.At, pipeline = e.PipelineId, pipeline_name = e.PipelineName, parent_run_id = e.ParentRunId, jobs = e.Jobs.Select(j => new { key = j.Key, name = j.DisplayName, needs = j.Needs }) },
            JobStartedEvent e => new { type = "job_started", run_id = e.RunId, at = e.At, job = e.JobKey, attempt = e.Attempt },
            LogEvent e => new { type = "log", run_id = e.RunId, at = e.At, job = e.JobKey, attempt = e.Attempt, step = e.StepIndex, stream = e.Stream, text = e.Text },
            JobFinishedEvent e => new
            {
                type = "job_finished", run_id = e.RunId, at = e.At, job = e.Result.Key, state = RunText.State(e.Result), reason = e.Result.Reason,
                attempts = e.Result.Attempts, duration_ms = e.Result.Duration?.TotalMilliseconds, outputs = e.Result.Outputs, reused = e.Result.Reused,
            },
            RunFinishedEvent e => new { type = "run_finished", run_id = e.RunId, at = e.At, state = e.Result.State.ToString().ToLowerInvariant(), duration_ms = e.Result.Duration.TotalMilliseconds, summary = e.Result.Summary },
            _ => null,
        };
        if (line is null)
        {
            return;
        }

        var text = JsonSerializer.Serialize(line, Options);
        lock (gate)
        {
            try
            {
                output.WriteLine(text);
                output.Flush();
            }
            catch (IOException)
            {
                // The reader went away (`| head`): the run goes on; observers must never throw into the engine.
            }
        }
    }
}
