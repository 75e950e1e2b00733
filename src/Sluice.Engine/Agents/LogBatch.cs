namespace Sluice.Engine.Agents;

/// <summary><c>POST /agent/v1/jobs/{id}/logs</c>: lines in sequence order.</summary>
internal sealed record LogBatch(IReadOnlyList<LogEntry> Lines);
