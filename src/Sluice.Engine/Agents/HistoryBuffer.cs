namespace Sluice.Engine.Agents;

/// <summary>
/// Holds a job's history writes on the agent for up to <c>delay</c> before sending them as one fenced
/// <c>history</c> request, and hands what is still held to the job's <c>complete</c> request. A job shorter than the
/// delay thus costs two requests in all (claim and complete) instead of one per burst of writes: the request and its
/// commit on the server, not the job, were most of a short job's cost. A long job's writes reach the server at most
/// <c>delay</c> after they were made, which is what a reader of its live log sees.
/// </summary>
/// <remarks>
/// Contract: <see cref="Add"/> and <see cref="FlushAsync"/> are called by one writer at a time (the job's recorder);
/// the timed send runs beside it, and one send lock keeps every send in the order of the writes.
/// <see cref="TakeAsync"/> is called once, after the last write: it stops the timer, waits for a send in flight, and
/// returns the writes still held with the first send failure (a failed send drops its writes: the history misses them,
/// the job's result does not). Writes made after the lease is lost are dropped, as every fenced write is.
/// </remarks>
internal sealed class HistoryBuffer(Func<HistoryBatch, Task> send, TimeSpan delay, TimeProvider time) : IDisposable
{
    private readonly object gate = new();
    private readonly SemaphoreSlim sending = new(1, 1);
    private readonly CancellationTokenSource stopped = new();
    private List<HistoryWrite> held = [];
    private Task timer = Task.CompletedTask;
    private Exception? firstError;

    /// <summary>Holds the writes; the first write held starts the timer that sends them.</summary>
    public void Add(IEnumerable<HistoryWrite> writes)
    {
        lock (gate)
        {
            var wasEmpty = held.Count == 0;
            held.AddRange(writes);
            if (wasEmpty && held.Count > 0 && !stopped.IsCancellationRequested)
            {
                timer = SendLaterAsync();
            }
        }
    }

    /// <summary>Sends what is held now (before an artifact, which must be recorded after the writes made before it).</summary>
    public async Task FlushAsync()
    {
        await sending.WaitAsync();
        try
        {
            await SendHeldAsync();
        }
        finally
        {
            sending.Release();
        }
    }

    /// <summary>Stops the timer and returns the writes still held (null when none) and the first failure of a send.</summary>
    public async Task<(HistoryBatch? Last, Exception? Error)> TakeAsync()
    {
        Task pending;
        lock (gate)
        {
            stopped.Cancel();
            pending = timer;
        }

        await pending;
        await sending.WaitAsync();
        try
        {
            var writes = Swap();
            return (writes.Count == 0 ? null : new HistoryBatch(writes), firstError);
        }
        finally
        {
            sending.Release();
        }
    }

    public void Dispose()
    {
        stopped.Dispose();
        sending.Dispose();
    }

    private async Task SendLaterAsync()
    {
        await Task.Delay(delay, time, stopped.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (stopped.IsCancellationRequested)
        {
            return; // TakeAsync hands the held writes to the complete request.
        }

        await FlushAsync();
    }

    private async Task SendHeldAsync()
    {
        var writes = Swap();
        if (writes.Count == 0)
        {
            return;
        }

        try
        {
            await send(new HistoryBatch(writes));
        }
#pragma warning disable CA1031 // A failed send is reported with the job's last writes; the job goes on.
        catch (Exception e)
#pragma warning restore CA1031
        {
            firstError ??= e;
        }
    }

    private List<HistoryWrite> Swap()
    {
        lock (gate)
        {
            var writes = held;
            held = [];
            return writes;
        }
    }
}
