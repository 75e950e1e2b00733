namespace Sluice.Engine.Storage;

/// <summary>
/// A write through <see cref="IRunStore.FencedTo"/> to a run this writer no longer owns: another server took it over
/// (the run's epoch moved on) or this process's lease ran out. Nothing was written; the caller must stop working on
/// the run (its new owner resumes it) and record nothing more for it.
/// </summary>
public sealed class RunOwnershipLostException : InvalidOperationException
{
    public RunOwnershipLostException()
    {
    }

    public RunOwnershipLostException(string message)
        : base(message)
    {
    }

    public RunOwnershipLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public static RunOwnershipLostException For(long runId, RunFence fence) =>
        new($"run {runId} is no longer owned by {fence.Owner} at epoch {fence.Epoch}: it was taken over; the write was rejected");

    public static RunOwnershipLostException LeaseLost(long runId, RunFence fence) =>
        new($"the lease of {fence.Owner} ran out: writes to run {runId} are rejected (another server may own it now)");
}
