namespace Sluice.Engine.Runs;

/// <summary>An attempt of a job started (attempt 1, then 2... for retries).</summary>
internal sealed record JobStartedEvent(long RunId, DateTimeOffset At, string JobKey, int Attempt)
    : RunEvent(RunId, At);
