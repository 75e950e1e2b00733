namespace Sluice.Engine.Dispatch;

/// <summary>
/// The answer to a renewal: keep going, stop because someone cancelled the job, or stop because the lease is gone (fenced
/// out). <see cref="Completed"/> comes only from the agent API: the ticket was ended by this very lease's report (whose
/// answer may not have reached the agent yet), so there is nothing left to renew and nothing was lost.
/// </summary>
internal enum LeaseStatus
{
    Held,
    CancelRequested,
    Lost,
    Completed,
}
