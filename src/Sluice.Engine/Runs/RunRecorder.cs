using System.Threading.Channels;
using Sluice.Engine.Storage;

namespace Sluice.Engine.Runs;

/// <summary>
/// Writes a run's history to the <see cref="IRunStore"/> behind the jobs' backs: callers enqueue and go
/// on, one consumer applies the writes in order. Log lines that piled up while a write was in flight are
/// appended as one batch (one transaction), so a chatty step costs few transactions and no job ever waits
/// for the database. If the process dies, queued writes are lost; the run is then marked interrupted and
/// <c>rerun --failed</c> runs every job not recorded as succeeded — never less than needed.
/// </summary>
internal sealed class RunRecorder
{
    private const int MaxBatch = 2000;

    private readonly IRunStore store;
    private readonly Channel<object> queue = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task consumer;
    private Exception? firstError;

    public RunRecorder(IRunStore store)
    {
        this.store = store;
        consumer = Task.Run(ConsumeAsync);
    }

    public void Enqueue(Func<IRunStore, CancellationToken, Task> write) => queue.Writer.TryWrite(write);

    public void Log(LogLine line) => queue.Writer.TryWrite(line);

    /// <summary>Writes everything still queued; rethrows the first store failure, if any.</summary>
    public async Task CompleteAsync()
    {
        queue.Writer.TryComplete();
        await consumer;
        if (firstError is not null)
        {
            throw new InvalidOperationException("writing the run history failed: " + firstError.Message, firstError);
        }
    }

    private async Task ConsumeAsync()
    {
        var batch = new List<LogLine>();
        var reader = queue.Reader;
        while (await reader.WaitToReadAsync())
        {
            while (reader.TryRead(out var item))
            {
                if (item is LogLine line)
                {
                    batch.Add(line);
                    if (batch.Count >= MaxBatch)
                    {
                        await FlushLogsAsync(batch);
                    }

                    continue;
                }

                await FlushLogsAsync(batch);
                await ApplyAsync((Func<IRunStore, CancellationToken, Task>)item);
            }

            await FlushLogsAsync(batch);
        }
    }

    private async Task FlushLogsAsync(List<LogLine> batch)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var lines = batch.ToArray();
        batch.Clear();
        await ApplyAsync((s, ct) => s.AppendLogsAsync(lines, ct));
    }

    private async Task ApplyAsync(Func<IRunStore, CancellationToken, Task> write)
    {
        try
        {
            await write(store, CancellationToken.None);
        }
#pragma warning disable CA1031 // The first store failure is kept and reported when the run completes.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            firstError ??= ex;
        }
    }
}
