namespace Sluice.Engine.Storage;

/// <summary>
/// Who may write a run's history (<see cref="IRunStore.FencedTo"/>): the run's owner as created, at the epoch it
/// created it with. A takeover (<see cref="IRunStore.MarkInterruptedAsync"/>) bumps the run's epoch, so the writes of
/// an owner that was taken over while it stalled (a GC pause, a lost database, SIGSTOP) no longer match and are
/// rejected by the store in the statement (or transaction) that would have written.
/// </summary>
/// <param name="Owner">The run's owner string (<see cref="NewRun.Owner"/>); each server lease has its own, never reused.</param>
/// <param name="Epoch">The run's epoch when this writer took it: 0 for the run it created.</param>
/// <param name="IsHeld">
/// This process's own view of its lease, asked before every write: once false (the lease ran out, another server may
/// own the run already), writes are rejected without reaching the database. Null: no lease (<c>sluice run</c>).
/// </param>
public sealed record RunFence(string Owner, long Epoch = 0, Func<bool>? IsHeld = null)
{
    /// <summary>Rejects a write before it reaches the database once this process knows its lease ran out.</summary>
    internal static void CheckLease(RunFence? fence, long runId)
    {
        if (fence?.IsHeld is { } held && !held())
        {
            throw RunOwnershipLostException.LeaseLost(runId, fence);
        }
    }
}
