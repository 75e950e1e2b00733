using Sluice.Engine.Storage;

namespace Sluice.Engine.Agents;

/// <summary><c>POST /agent/v1/jobs/{id}/steps</c>: a step attempt started or ended (upserted by attempt and index).</summary>
internal sealed record StepUpdate(int Attempt, int Index, string Name, StepState State, int? ExitCode, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt);
