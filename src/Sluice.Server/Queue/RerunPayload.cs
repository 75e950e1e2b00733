namespace Sluice.Server.Queue;

/// <summary>The payload of a <see cref="QueueKind.Rerun"/> item.</summary>
/// <param name="RollbackTarget">
/// Set for a roll back (the dashboard's <c>Roll back</c>, like <c>sluice deploy rollback</c>): the succeeded deployment
/// whose job runs again, at its run's commit, with the jobs it needs reused from that run (<see cref="ParentRunId"/>).
/// </param>
/// <param name="RollbackOf">The deployment the roll back replaces (what ran when it was asked for), recorded on the new deployment.</param>
internal sealed record RerunPayload(long ParentRunId, bool FailedOnly, long? RollbackTarget = null, long? RollbackOf = null);
