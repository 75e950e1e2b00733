using Sluice.Engine.Storage;

namespace Sluice.Engine.Agents;

/// <summary>
/// The run history as an agent sees it: the writes a job makes (<see cref="Execution.JobRunner"/> through its
/// <see cref="Runs.RunRecorder"/>) go to the server over the fenced agent API, so the agent runs the very engine code of
/// <c>sluice run</c>. Artifacts are uploaded (content-addressed) before they are recorded. A write refused because the
/// lease is gone is dropped (the job is being stopped). Reads are not part of a job's work and are not supported.
/// </summary>
internal sealed class ForwardingRunStore(AgentClient client, AgentLease lease, BlobStore blobs, TimeProvider time) : IRunStore
{
    public Task SetJobStateAsync(long runId, string jobKey, JobState state, string? reason, int attempts, DateTimeOffset? startedAt, DateTimeOffset? finishedAt, CancellationToken cancellationToken) =>
        SendAsync("state", new StateUpdate(state, reason, attempts, startedAt, finishedAt));

    public Task SetJobOutputsAsync(long runId, string jobKey, IReadOnlyDictionary<string, string> outputs, CancellationToken cancellationToken) =>
        SendAsync("outputs", new OutputsUpdate(outputs));

    public Task UpsertStepAsync(StepRecord step, CancellationToken cancellationToken) =>
        SendAsync("steps", new StepUpdate(step.Attempt, step.Index, step.Name, step.State, step.ExitCode, step.StartedAt, step.FinishedAt));

    public Task AppendLogsAsync(IReadOnlyList<LogLine> lines, CancellationToken cancellationToken) => SendAsync("logs", ToBatch(lines));

    public async Task AddArtifactAsync(ArtifactRecord artifact, CancellationToken cancellationToken)
    {
        var uploaded = await FencedWrites.SendAsync(lease, async ct =>
        {
            await using var content = blobs.Open(artifact.Sha256) ?? throw new InvalidOperationException($"artifact blob {artifact.Sha256} is missing");
            return await client.UploadBlobAsync(lease.Ticket, artifact.Sha256, content, ct);
        }, time);
        if (uploaded == WriteOutcome.Done)
        {
            await SendAsync("artifacts", new ArtifactUpdate(artifact.Path, artifact.Sha256, artifact.Size));
        }
    }

    /// <summary>
    /// The batch's writes as one fenced <c>history</c> request (one fence check and one transaction on the server) rather
    /// than one request each: the per-request round trip and commit were most of a short job's time in its slot. An
    /// artifact splits the batch (its blob is uploaded first, then it is recorded), so the order is kept.
    /// </summary>
    public async Task WriteBatchAsync(IReadOnlyList<Func<IRunStore, CancellationToken, Task>> writes, Action<Exception> onError, CancellationToken cancellationToken)
    {
        var collector = new HistoryBatchCollector();
        await RunStoreBatch.ApplyEachAsync(collector, writes, onError, cancellationToken);
        var pending = new List<HistoryWrite>();
        foreach (var item in collector.Items)
        {
            if (item is HistoryWrite write)
            {
                pending.Add(write);
                continue;
            }

            await FlushAsync(pending, onError);
            await TryAsync(() => AddArtifactAsync((ArtifactRecord)item, cancellationToken), onError);
        }

        await FlushAsync(pending, onError);
    }

    public static LogBatch ToBatch(IReadOnlyList<LogLine> lines) =>
        new(lines.Select(l => new LogEntry(l.Sequence, l.Attempt, l.StepIndex, l.Timestamp, l.Stream, l.Text)).ToList());

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

    private async Task FlushAsync(List<HistoryWrite> pending, Action<Exception> onError)
    {
        if (pending.Count == 0)
        {
            return;
        }

        var batch = new HistoryBatch(pending.ToList());
        pending.Clear();
        await TryAsync(() => SendAsync("history", batch), onError);
    }

    private static async Task TryAsync(Func<Task> write, Action<Exception> onError)
    {
        try
        {
            await write();
        }
#pragma warning disable CA1031 // Like RunStoreBatch: a failed write is the caller's to report, the rest still go.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            onError(ex);
        }
    }

    private Task SendAsync<T>(string what, T body) =>
        FencedWrites.SendAsync(lease, ct => client.PostAsync(lease.Ticket, what, body, ct), time);

    private static NotSupportedException Unsupported() => new("an agent only writes the job it runs");
}
