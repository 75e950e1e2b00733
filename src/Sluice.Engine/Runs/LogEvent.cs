namespace Sluice.Engine.Runs;

/// <summary>One masked line of output (stream stdout/stderr) or a line written by Sluice itself (stream <c>sluice</c>).</summary>
internal sealed record LogEvent(long RunId, DateTimeOffset At, string JobKey, int Attempt, int StepIndex, string Stream, string Text)
    : RunEvent(RunId, At);
