using System.Collections.Concurrent;

namespace Sluice.Server.Queue;

/// <summary>
/// The cancel switches of the runs executing in this process, by queue id. The queue row carries the durable flag
/// (<c>cancel_requested</c>); this is how a cancel reaches the engine at once.
/// </summary>
internal sealed class RunCancellations
{
    private readonly ConcurrentDictionary<long, CancellationTokenSource> running = new();

    public CancellationTokenSource Register(long queueId) => running[queueId] = new CancellationTokenSource();

    public void Unregister(long queueId)
    {
        if (running.TryRemove(queueId, out var source))
        {
            source.Dispose();
        }
    }

    /// <summary>Soft-cancels the run (steps stop; <c>always()</c> jobs still run); false when it does not run here.</summary>
    public bool Cancel(long queueId)
    {
        if (!running.TryGetValue(queueId, out var source))
        {
            return false;
        }

        try
        {
            source.Cancel();
            return true;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }
}
