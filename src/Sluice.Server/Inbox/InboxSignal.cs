namespace Sluice.Server.Inbox;

/// <summary>Wakes the inbox processor when a delivery was stored (it also polls, so a missed signal only delays).</summary>
internal sealed class InboxSignal
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
            // Already signalled: the processor will look at the inbox anyway.
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => signal.WaitAsync(timeout, cancellationToken);
}
