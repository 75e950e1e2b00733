namespace Sluice.Engine.Storage;

/// <summary>
/// Durable history of runs, jobs, steps, attempts, outputs, artifacts and logs. The seam between the
/// engine and a database: SQLite by default (<see cref="SqliteRunStore"/>), PostgreSQL for several servers
/// (<see cref="Postgres.PostgresRunStore"/>; <see cref="RunStoreFactory"/> picks one); both must pass the same contract tests
/// (<c>tests/Sluice.Engine.Tests/Storage/RunStoreContract.cs</c>).
/// Contract:
/// <list type="bullet">
/// <item><see cref="MigrateAsync"/> is called once before anything else; it is idempotent.</item>
/// <item>Every write is durable when its task completes (a SIGKILL right after loses nothing written).</item>
/// <item>Methods are safe to call concurrently from several threads of one process.</item>
/// <item>Unknown run ids/keys: reads return null/empty; updates throw <see cref="KeyNotFoundException"/> (a bug, not an expected failure).</item>
/// <item>Cancellation aborts the call; a write either fully happened or not at all.</item>
/// <item>Times are kept to the millisecond (at least) and read back as UTC (the same instant).</item>
/// <item>Limits (<see cref="RunQuery.Limit"/>, <c>limit</c>) below 1 and a negative <c>keepLast</c> throw <see cref="ArgumentOutOfRangeException"/>.</item>
/// <item>Text is stored as given: callers mask secrets before anything reaches the store.</item>
/// </list>
/// </summary>
public interface IRunStore : IAsyncDisposable
{
    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>Creates the run and all its job instances (state Pending) in one transaction; returns the run id.</summary>
    Task<long> CreateRunAsync(NewRun run, IReadOnlyList<NewJob> jobs, CancellationToken cancellationToken);

    /// <summary>
    /// This store (same database, same connections; disposing the view disposes nothing) for a writer that owns its
    /// runs under <paramref name="fence"/>: every write to a run's history (run state and summary, job states and
    /// outputs, steps, logs, artifacts) first asks <see cref="RunFence.IsHeld"/>, then applies only if the run's owner
    /// and epoch still match, checked atomically with the write (in the same statement, or in the same transaction
    /// under a lock of the run's row that a takeover must wait for). A mismatch writes nothing and throws
    /// <see cref="RunOwnershipLostException"/>. Reads and <see cref="CreateRunAsync"/> are unchanged. Stores that are
    /// already fenced another way (an agent's, by its job lease) return themselves.
    /// </summary>
    IRunStore FencedTo(RunFence fence);

    Task SetRunStateAsync(long runId, RunState state, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Stores the Markdown collected from <c>$SLUICE_SUMMARY</c> (already masked).</summary>
    Task SetRunSummaryAsync(long runId, string summary, CancellationToken cancellationToken);

    /// <summary>Records a job state change. Started/finished are set when given and kept otherwise.</summary>
    Task SetJobStateAsync(long runId, string jobKey, JobState state, string? reason, int attempts, DateTimeOffset? startedAt, DateTimeOffset? finishedAt, CancellationToken cancellationToken);

    /// <summary>Replaces the job's outputs (already masked).</summary>
    Task SetJobOutputsAsync(long runId, string jobKey, IReadOnlyDictionary<string, string> outputs, CancellationToken cancellationToken);

    /// <summary>Inserts or updates the step attempt identified by (run, job, attempt, index).</summary>
    Task UpsertStepAsync(StepRecord step, CancellationToken cancellationToken);

    /// <summary>Appends lines in one transaction; lines whose (run, job, sequence) exists are ignored.</summary>
    Task AppendLogsAsync(IReadOnlyList<LogLine> lines, CancellationToken cancellationToken);

    Task AddArtifactAsync(ArtifactRecord artifact, CancellationToken cancellationToken);

    /// <summary>
    /// Applies <paramref name="writes"/> — each a call of this store's write methods — in order, in one transaction
    /// where the database allows it (SQLite: one commit for the many small state changes and log lines of a run,
    /// instead of one each). Each write still happens fully or not at all: one that throws is handed to
    /// <paramref name="onError"/> and the others still apply. Durable, like every write, when the task completes;
    /// if the batch itself cannot be committed the task throws and none of it was stored.
    /// </summary>
    Task WriteBatchAsync(IReadOnlyList<Func<IRunStore, CancellationToken, Task>> writes, Action<Exception> onError, CancellationToken cancellationToken);

    Task<RunRecord?> GetRunAsync(long runId, CancellationToken cancellationToken);

    /// <summary>Newest first: by <see cref="RunRecord.CreatedAt"/> descending, then id descending.</summary>
    Task<IReadOnlyList<RunRecord>> ListRunsAsync(RunQuery query, CancellationToken cancellationToken);

    /// <summary>Jobs of a run in creation order.</summary>
    Task<IReadOnlyList<JobRecord>> GetJobsAsync(long runId, CancellationToken cancellationToken);

    /// <summary>Step attempts of a run (optionally one job), ordered by job creation, attempt, index.</summary>
    Task<IReadOnlyList<StepRecord>> GetStepsAsync(long runId, string? jobKey, CancellationToken cancellationToken);

    /// <summary>
    /// Log lines with sequence greater than <paramref name="afterSequence"/>, in order, at most <paramref name="limit"/>.
    /// With a <paramref name="jobKey"/>: that job's lines by sequence (page with the last sequence seen). Without:
    /// every job's lines grouped by job creation order, then sequence; <paramref name="afterSequence"/> then applies to
    /// each job's own sequence, so paging or following a whole run keeps one cursor per job.
    /// </summary>
    Task<IReadOnlyList<LogLine>> GetLogsAsync(long runId, string? jobKey, long afterSequence, int limit, CancellationToken cancellationToken);

    Task<IReadOnlyList<ArtifactRecord>> GetArtifactsAsync(long runId, CancellationToken cancellationToken);

    /// <summary>
    /// Marks every run in state Queued or Running for which <paramref name="isOwnerAlive"/> returns false as
    /// Interrupted, bumping its epoch so its old owner's fenced writes (<see cref="FencedTo"/>) are rejected from now on
    /// (and its non-terminal jobs as Cancelled with reason "interrupted", its Running steps as
    /// Cancelled, all finished at <paramref name="at"/>); returns their ids. <paramref name="isOwnerAlive"/> is asked
    /// once per distinct owner, outside any transaction; a run that finishes meanwhile is left alone.
    /// </summary>
    Task<IReadOnlyList<long>> MarkInterruptedAsync(Func<string, bool> isOwnerAlive, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes terminal runs created before <paramref name="olderThan"/>, always keeping the newest
    /// <paramref name="keepLast"/> runs (counted over all runs, as <see cref="ListRunsAsync"/> orders them) and every
    /// Queued or Running run, with everything recorded for them; returns blob hashes no remaining artifact references
    /// (the caller deletes those blobs). A deleted parent leaves its re-runs with a null <see cref="RunRecord.ParentRunId"/>.
    /// </summary>
    Task<PruneResult> PruneAsync(DateTimeOffset olderThan, int keepLast, CancellationToken cancellationToken);
}
