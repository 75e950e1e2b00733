using Sluice.Engine.Storage;

namespace Sluice.Engine.Agents;

/// <summary>
/// The writes of one <see cref="IRunStore.WriteBatchAsync"/> batch, turned into data instead of applied: history writes
/// become <see cref="HistoryWrite"/>s and artifacts stay <see cref="ArtifactRecord"/>s (their blob is uploaded on its
/// own), in the order they were made. Only a job's writes are accepted; anything else is a bug and throws.
/// </summary>
internal sealed class HistoryBatchCollector : IRunStore
{
    public List<object> Items { get; } = [];

    public Task SetJobStateAsync(long runId, string jobKey, JobState state, string? reason, int attempts, DateTimeOffset? startedAt, DateTimeOffset? finishedAt, CancellationToken cancellationToken) =>
        Add(new HistoryWrite(State: new StateUpdate(state, reason, attempts, startedAt, finishedAt)));

    public Task SetJobOutputsAsync(long runId, string jobKey, IReadOnlyDictionary<string, string> outputs, CancellationToken cancellationToken) =>
        Add(new HistoryWrite(Outputs: new OutputsUpdate(outputs)));

    public Task UpsertStepAsync(StepRecord step, CancellationToken cancellationToken) =>
        Add(new HistoryWrite(Step: new StepUpdate(step.Attempt, step.Index, step.Name, step.State, step.ExitCode, step.StartedAt, step.FinishedAt)));

    public Task AppendLogsAsync(IReadOnlyList<LogLine> lines, CancellationToken cancellationToken) =>
        Add(new HistoryWrite(Logs: ForwardingRunStore.ToBatch(lines)));

    public Task AddArtifactAsync(ArtifactRecord artifact, CancellationToken cancellationToken) => Add(artifact);

    public Task WriteBatchAsync(IReadOnlyList<Func<IRunStore, CancellationToken, Task>> writes, Action<Exception> onError, CancellationToken cancellationToken) =>
        RunStoreBatch.ApplyEachAsync(this, writes, onError, cancellationToken);

    public Task MigrateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public Task<long> CreateRunAsync(NewRun run, IReadOnlyList<NewJob> jobs, CancellationToken cancellationToken) => throw Unsupported();

    /// <summary>Already fenced: the server checks the agent's job lease for every write it forwards.</summary>
    public IRunStore FencedTo(RunFence fence) => this;

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

    private Task Add(object item)
    {
        Items.Add(item);
        return Task.CompletedTask;
    }

    private static NotSupportedException Unsupported() => new("an agent only writes the job it runs");
}
