namespace Sluice.Engine.Runs;

/// <summary>The run being re-run and, by job key, the results kept from it instead of running the job again.</summary>
internal sealed record RerunSource(long ParentRunId, IReadOnlyDictionary<string, ReusedJob> Reused);
