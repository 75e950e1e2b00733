using Sluice.Engine.Storage;

namespace Sluice.Engine.Agents;

/// <summary>
/// The run history as an agent sees it: the writes a job makes (<see cref="Execution.JobRunner"/> through its
/// <see cref="Runs.RunRecorder"/>) go to the server over the fenced agent API, so the agent runs the very engine code of
/// <c>sluice run</c>. Artifacts are uploaded (content-addressed) before they are recorded. A write refused because the
/// lease is gone is dropped (the job is being stopped). Reads are not part of a job's work and are not supported.
/// The recorder's batches are held in <see cref="History"/> (see <see cref="HistoryBuffer"/>): sent after a short delay,
/// or with the job's <c>complete</c> request when the job ends first.
/// </summary>
internal sealed class ForwardingRunStore : JobWritesOnlyStore
{
    /// <summary>How long a write may wait on the agent for the writes after it: live logs lag by at most this.</summary>
    public static readonly TimeSpan HoldWrites = TimeSpan.FromMilliseconds(250);

    private readonly AgentClient client;
    private readonly AgentLease lease;
    private readonly BlobStore blobs;
    private readonly TimeProvider time;

    public ForwardingRunStore(AgentClient client, AgentLease lease, BlobStore blobs, TimeProvider time)
    {
        this.client = client;
        this.lease = lease;
        this.blobs = blobs;
        this.time = time;
        History = new HistoryBuffer(batch => SendAsync("history", batch), HoldWrites, time);
    }

    /// <summary>The writes not sent yet; the job's <c>complete</c> request takes the last of them.</summary>
    public HistoryBuffer History { get; }

    public override Task SetJobStateAsync(long runId, string jobKey, JobState state, string? reason, int attempts, DateTimeOffset? startedAt, DateTimeOffset? finishedAt, CancellationToken cancellationToken) =>
        SendAsync("state", new StateUpdate(state, reason, attempts, startedAt, finishedAt));

    public override Task SetJobOutputsAsync(long runId, string jobKey, IReadOnlyDictionary<string, string> outputs, CancellationToken cancellationToken) =>
        SendAsync("outputs", new OutputsUpdate(outputs));

    public override Task UpsertStepAsync(StepRecord step, CancellationToken cancellationToken) =>
        SendAsync("steps", new StepUpdate(step.Attempt, step.Index, step.Name, step.State, step.ExitCode, step.StartedAt, step.FinishedAt));

    public override Task AppendLogsAsync(IReadOnlyList<LogLine> lines, CancellationToken cancellationToken) => SendAsync("logs", ToBatch(lines));

    public override async Task AddArtifactAsync(ArtifactRecord artifact, CancellationToken cancellationToken)
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
    /// The batch's writes join the held ones (one <c>history</c> request later rather than one request per batch). An
    /// artifact sends what is held first (its blob is uploaded, then it is recorded), so the order is kept.
    /// </summary>
    public override async Task WriteBatchAsync(IReadOnlyList<Func<IRunStore, CancellationToken, Task>> writes, Action<Exception> onError, CancellationToken cancellationToken)
    {
        var collector = new HistoryBatchCollector();
        await RunStoreBatch.ApplyEachAsync(collector, writes, onError, cancellationToken);
        foreach (var item in collector.Items)
        {
            if (item is HistoryWrite write)
            {
                History.Add([write]);
                continue;
            }

            await History.FlushAsync();
            await TryAsync(() => AddArtifactAsync((ArtifactRecord)item, cancellationToken), onError);
        }
    }

    public static LogBatch ToBatch(IReadOnlyList<LogLine> lines) =>
        new(lines.Select(l => new LogEntry(l.Sequence, l.Attempt, l.StepIndex, l.Timestamp, l.Stream, l.Text)).ToList());

    public override ValueTask DisposeAsync()
    {
        History.Dispose();
        return ValueTask.CompletedTask;
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
}
