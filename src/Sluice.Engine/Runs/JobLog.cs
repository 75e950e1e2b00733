using Sluice.Engine.Storage;

namespace Sluice.Engine.Runs;

/// <summary>
/// The log of one job instance: masks every line, numbers it (strictly increasing per job, across
/// attempts), and hands it to the recorder and the live observer. Thread-safe: stdout and stderr of a
/// step arrive from two threads.
/// </summary>
internal sealed class JobLog(RunContext run, string jobKey)
{
    /// <summary>Step index used for lines written by Sluice itself about the job (cache, artifacts, retries).</summary>
    public const int JobLevel = 0;

    private readonly Lock gate = new();
    private long sequence;

    public int Attempt { get; set; } = 1;

    public void Write(int stepIndex, string stream, string text)
    {
        var masked = run.Masker.Apply(text);
        lock (gate)
        {
            var at = run.Time.GetUtcNow();
            sequence++;
            run.Recorder.Log(new LogLine(run.RunId, jobKey, sequence, Attempt, stepIndex, at, stream, masked));
            run.Observer.OnEvent(new LogEvent(run.RunId, at, jobKey, Attempt, stepIndex, stream, masked));
        }
    }

    /// <summary>A line from Sluice about the job or step (stream <c>sluice</c>).</summary>
    public void Note(int stepIndex, string text) => Write(stepIndex, "sluice", text);
}
