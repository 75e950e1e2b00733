using Sluice.Engine.Storage;

namespace Sluice.Engine.Agents;

/// <summary><c>POST /agent/v1/jobs/{id}/state</c>: the job's state in the run history (running, then its end).</summary>
internal sealed record StateUpdate(JobState State, string? Reason, int Attempts, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt);
