using Sluice.Engine.Storage;

namespace Sluice.Engine.Agents;

/// <summary>
/// The part of <see cref="IRunStore"/> an agent's stores do not have: an agent only writes the history of the job it
/// runs (job state and outputs, steps, logs, artifacts; left to subclasses), so run-level writes and every read throw
/// <see cref="NotSupportedException"/>, and <see cref="FencedTo"/> is the store itself (the server checks the agent's
/// job lease on every write it receives). The writes-only seam the engine's recorder would rather use instead of the
/// whole <see cref="IRunStore"/> is not split off yet; this keeps the refusals in one place meanwhile.
/// </summary>
internal abstract class JobWritesOnlyStore : IRunStore
{
    public abstract Task SetJobStateAsync(long runId, string jobKey, JobState state, string? reason, int attempts, DateTimeOffset? startedAt, DateTimeOffset? finishedAt, CancellationToken cancellationToken);

    public abstract Task SetJobOutputsAsync(long runId, string jobKey, IReadOnlyDictionary<string, string> outputs, CancellationToken cancellationToken);

    public abstract Task UpsertStepAsync(StepRecord step, CancellationToken cancellationToken);

    public abstract Task AppendLogsAsync(IReadOnlyList<LogLine> lines, CancellationToken cancellationToken);

    public abstract Task AddArtifactAsync(ArtifactRecord artifact, CancellationToken cancellationToken);

    public abstract Task WriteBatchAsync(IReadOnlyList<Func<IRunStore, CancellationToken, Task>> writes, Action<Exception> onError, CancellationToken cancellationToken);

    public Task MigrateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public IRunStore FencedTo(RunFence fence) => this;

    public Task<long> CreateRunAsync(NewRun run, IReadOnlyList<NewJob> jobs, CancellationToken cancellationToken) => throw Unsupported();

    public Task SetRunStateAsync(long runId, RunState state, DateTimeOffset at, CancellationToken cancellationToken) => throw Unsupported();

    public Task SetRunSummaryAsync(long runId, string summary, CancellationToken cancellationToken) => throw Unsupported();

    public Task<RunRecord?> GetRunAsync(long runId, CancellationToken cancellationToken) => throw Unsupported();

    public Task<IReadOnlyList<RunRecord>> ListRunsAsync(RunQuery query, CancellationToken cancellationToken) => throw Unsupported();

    public Task<IReadOnlyList<JobRecord>> GetJobsAsync(long runId, CancellationToken cancellationToken) => throw Unsupported();

    public Task<IReadOnlyList<StepRecord>> GetStepsAsync(long runId, string? jobKey, CancellationToken cancellationToken) => throw Unsupported();

    public Task<IReadOnlyList<LogLine>> GetLogsAsync(long runId, string? jobKey, long afterSequence, int limit, CancellationToken cancellationToken) => throw Unsupported();

    public Task<IReadOnlyList<ArtifactRecord>> GetArtifactsAsync(long runId, CancellationToken cancellationToken) => throw Unsupported();

    public Task<IReadOnlyList<long>> MarkInterruptedAsync(Func<string, bool> isOwnerAlive, DateTimeOffset at, CancellationToken cancellationToken) => throw Unsupported();

    public Task<PruneResult> PruneAsync(DateTimeOffset olderThan, int keepLast, CancellationToken cancellationToken) => throw Unsupported();

    private static NotSupportedException Unsupported() => new("an agent only writes the job it runs");
}
