namespace Sluice.Engine.Storage;

/// <summary>A run to create: one pipeline for one event. Secrets never appear in any record.</summary>
/// <param name="EventJson">The planner event, serialized; lets <c>rerun</c> rebuild the same context.</param>
/// <param name="Owner">Who executes it: <c>ProcessLiveness.CurrentOwner()</c> (<c>host:pid:starttime</c>); used to detect interrupted runs.</param>
/// <param name="ParentRunId">For a re-run: the run whose successful jobs are reused.</param>
public sealed record NewRun(
    string Repository,
    string PipelineId,
    string PipelineName,
    string PipelineFile,
    string EventKind,
    string EventJson,
    string? Branch,
    string? Sha,
    string? Actor,
    string Owner,
    DateTimeOffset CreatedAt,
    long? ParentRunId = null);

/// <summary>A job instance to create with its run.</summary>
/// <param name="Key">Unique in the run (<c>test (python=3.12)</c>).</param>
/// <param name="NeedsJson">JSON array of needed job keys.</param>
/// <param name="MatrixJson">JSON object of matrix values, or <c>{}</c>.</param>
public sealed record NewJob(string Key, string JobId, string DisplayName, string NeedsJson, string MatrixJson);

public sealed record RunRecord(
    long Id,
    string Repository,
    string PipelineId,
    string PipelineName,
    string PipelineFile,
    string EventKind,
    string EventJson,
    string? Branch,
    string? Sha,
    string? Actor,
    string Owner,
    RunState State,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    long? ParentRunId,
    string? Summary);

public sealed record JobRecord(
    long RunId,
    string Key,
    string JobId,
    string DisplayName,
    string NeedsJson,
    string MatrixJson,
    JobState State,
    string? Reason,
    int Attempts,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    IReadOnlyDictionary<string, string> Outputs);

/// <summary>One attempt of one step. <see cref="Attempt"/> starts at 1.</summary>
public sealed record StepRecord(
    long RunId,
    string JobKey,
    int Attempt,
    int Index,
    string Name,
    StepState State,
    int? ExitCode,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt);

/// <summary>
/// One log line, already masked. <see cref="Sequence"/> is assigned by the writer, strictly increasing
/// per (run, job); appending a line whose sequence is already stored is a no-op (exactly-once).
/// </summary>
public sealed record LogLine(
    long RunId,
    string JobKey,
    long Sequence,
    int Attempt,
    int StepIndex,
    DateTimeOffset Timestamp,
    string Stream,
    string Text);

/// <summary>An artifact kept by a job: a relative path and the content hash of its blob in the artifact store.</summary>
public sealed record ArtifactRecord(long RunId, string JobKey, string Path, string Sha256, long Size);

public sealed record RunQuery(int Limit = 50, string? PipelineId = null, RunState? State = null, string? Repository = null);

public sealed record PruneResult(int RunsDeleted, int LogLinesDeleted, IReadOnlyList<string> UnreferencedBlobs);
