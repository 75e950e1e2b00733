namespace Sluice.Server.Queue;

/// <summary>Wakes the run dispatcher when the queue changed (it also polls, so a missed signal only delays).</summary>
internal sealed class QueueSignal
{
    private readonly SemaphoreSlim signal = new(0, 1);

    public void Notify()
    {
        try
        {
            signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: the dispatcher will look at the queue anyway.
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => signal.WaitAsync(timeout, cancellationToken);
}
