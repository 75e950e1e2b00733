namespace Sluice.Engine.Runs;

/// <summary>The run reached a terminal state.</summary>
internal sealed record RunFinishedEvent(long RunId, DateTimeOffset At, RunResult Result)
    : RunEvent(RunId, At);
