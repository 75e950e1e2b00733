namespace Sluice.Engine.Agents;

/// <summary>
/// One log line of the job, already masked by the agent. <see cref="Sequence"/> is the agent's own line number for the job
/// (1, 2, …, across the engine's retry attempts); the server stores each (lease attempt, sequence) once, so a batch sent
/// again after a lost answer adds nothing.
/// </summary>
internal sealed record LogEntry(long Sequence, int Attempt, int Step, DateTimeOffset At, string Stream, string Text);
