using System.Threading.Channels;
using Sluice.Engine.Storage;

namespace Sluice.Engine.Runs;

/// <summary>
/// Writes a run's history to the <see cref="IRunStore"/> behind the jobs' backs: callers enqueue and go
/// on, one consumer applies the writes in order. Whatever piled up while a batch was being written goes into the next
/// one (<see cref="IRunStore.WriteBatchAsync"/>: one transaction on SQLite), its log lines appended together, so a
/// chatty step or a graph of many short jobs costs few transactions and no job ever waits for the database. If the
/// process dies, queued writes are lost; the run is then marked interrupted and <c>rerun --failed</c> runs every job
/// not recorded as succeeded — never less than needed.
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
        var reader = queue.Reader;
        while (await reader.WaitToReadAsync())
        {
            // Everything queued meanwhile goes in one batch (one transaction on SQLite), in order; runs of log lines
            // become one append each.
            var writes = new List<Func<IRunStore, CancellationToken, Task>>();
            var lines = new List<LogLine>();
            while (writes.Count < MaxBatch && reader.TryRead(out var item))
            {
                if (item is LogLine line)
                {
                    lines.Add(line);
                    if (lines.Count >= MaxBatch)
                    {
                        writes.Add(Append(lines));
                    }

                    continue;
                }

                if (lines.Count > 0)
                {
                    writes.Add(Append(lines));
                }

                writes.Add((Func<IRunStore, CancellationToken, Task>)item);
            }

            if (lines.Count > 0)
            {
                writes.Add(Append(lines));
            }

            await ApplyAsync((s, ct) => s.WriteBatchAsync(writes, e => firstError ??= e, ct));
        }
    }

    /// <summary>A write of the lines so far; empties <paramref name="lines"/>.</summary>
    private static Func<IRunStore, CancellationToken, Task> Append(List<LogLine> lines)
    {
        var batch = lines.ToArray();
        lines.Clear();
        return (s, ct) => s.AppendLogsAsync(batch, ct);
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
