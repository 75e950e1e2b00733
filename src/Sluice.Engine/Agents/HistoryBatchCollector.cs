using Sluice.Engine.Storage;

namespace Sluice.Engine.Agents;

/// <summary>
/// The writes of one <see cref="IRunStore.WriteBatchAsync"/> batch, turned into data instead of applied: history writes
/// become <see cref="HistoryWrite"/>s and artifacts stay <see cref="ArtifactRecord"/>s (their blob is uploaded on its
/// own), in the order they were made. Only a job's writes are accepted; anything else is a bug and throws.
/// </summary>
internal sealed class HistoryBatchCollector : JobWritesOnlyStore
{
    public List<object> Items { get; } = [];

    public override Task SetJobStateAsync(long runId, string jobKey, JobState state, string? reason, int attempts, DateTimeOffset? startedAt, DateTimeOffset? finishedAt, CancellationToken cancellationToken) =>
        Add(new HistoryWrite(State: new StateUpdate(state, reason, attempts, startedAt, finishedAt)));

    public override Task SetJobOutputsAsync(long runId, string jobKey, IReadOnlyDictionary<string, string> outputs, CancellationToken cancellationToken) =>
        Add(new HistoryWrite(Outputs: new OutputsUpdate(outputs)));

    public override Task UpsertStepAsync(StepRecord step, CancellationToken cancellationToken) =>
        Add(new HistoryWrite(Step: new StepUpdate(step.Attempt, step.Index, step.Name, step.State, step.ExitCode, step.StartedAt, step.FinishedAt)));

    public override Task AppendLogsAsync(IReadOnlyList<LogLine> lines, CancellationToken cancellationToken) =>
        Add(new HistoryWrite(Logs: ForwardingRunStore.ToBatch(lines)));

    public override Task AddArtifactAsync(ArtifactRecord artifact, CancellationToken cancellationToken) => Add(artifact);

    public override Task WriteBatchAsync(IReadOnlyList<Func<IRunStore, CancellationToken, Task>> writes, Action<Exception> onError, CancellationToken cancellationToken) =>
        RunStoreBatch.ApplyEachAsync(this, writes, onError, cancellationToken);

    private Task Add(object item)
    {
        Items.Add(item);
        return Task.CompletedTask;
    }
}
