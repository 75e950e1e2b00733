namespace Sluice.Server.Queue;

/// <summary>The payload of a <see cref="QueueKind.Rerun"/> item.</summary>
internal sealed record RerunPayload(long ParentRunId, bool FailedOnly);
