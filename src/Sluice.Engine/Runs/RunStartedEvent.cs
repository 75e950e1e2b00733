namespace Sluice.Engine.Runs;

/// <summary>The run was created; <see cref="Jobs"/> lists every job instance in plan order.</summary>
internal sealed record RunStartedEvent(long RunId, DateTimeOffset At, string PipelineId, string PipelineName, IReadOnlyList<RunJobInfo> Jobs, long? ParentRunId)
    : RunEvent(RunId, At);
