namespace Sluice.Engine.Dispatch;

/// <summary>The answer to a renewal: keep going, stop because someone cancelled the job, or stop because the lease is gone (fenced out).</summary>
internal enum LeaseStatus
{
    Held,
    CancelRequested,
    Lost,
}
