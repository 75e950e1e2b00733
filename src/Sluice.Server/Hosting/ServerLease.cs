namespace Sluice.Server.Hosting;

/// <summary>
/// One lease of this server (one owner string, <see cref="ServerIdentity"/>): held from its first heartbeat while the
/// last renewal started less than the timeout ago, by this server's monotonic clock. Once lost it stays lost —
/// <see cref="Lost"/> is cancelled, the work claimed under it is stopped, and the server goes on under a new lease —
/// because another server may have taken that work over the moment it ran out.
/// </summary>
internal sealed class ServerLease(string owner, TimeSpan timeout, TimeProvider time) : IDisposable
{
    private readonly CancellationTokenSource lost = new();
    private long lastBeat = -1;
    private int lostOnce;

    public string Owner => owner;

    /// <summary>Whether work may be claimed, started or recorded under this lease.</summary>
    public bool IsHeld => !lost.IsCancellationRequested && Interlocked.Read(ref lastBeat) is var at && at >= 0 && time.GetElapsedTime(at) < timeout;

    /// <summary>Whether it was held once (it beat at least once).</summary>
    public bool Started => Interlocked.Read(ref lastBeat) >= 0;

    /// <summary>Cancelled when the lease is lost: everything running under it stops.</summary>
    public CancellationToken Lost => lost.Token;

    /// <summary>
    /// Records a successful renewal whose write started at <paramref name="startedAt"/> (a timestamp); false when the
    /// lease ran out before the write completed (others may have taken over meanwhile, so it is not renewed).
    /// </summary>
    public bool Renewed(long startedAt)
    {
        var previous = Interlocked.Read(ref lastBeat);
        if (lost.IsCancellationRequested || (previous >= 0 && time.GetElapsedTime(previous) >= timeout))
        {
            return false;
        }

        Interlocked.Exchange(ref lastBeat, startedAt);
        return true;
    }

    /// <summary>Marks the lease lost (once); true for the call that did.</summary>
    public bool Lose()
    {
        if (Interlocked.Exchange(ref lostOnce, 1) != 0)
        {
            return false;
        }

        lost.Cancel();
        return true;
    }

    public void Dispose() => lost.Dispose();
}
