namespace Sluice.Engine.Runs;

/// <summary>A job reached a terminal state (including skipped and cancelled jobs that never started).</summary>
internal sealed record JobFinishedEvent(long RunId, DateTimeOffset At, JobResult Result)
    : RunEvent(RunId, At);
