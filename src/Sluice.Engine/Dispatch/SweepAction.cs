namespace Sluice.Engine.Dispatch;

/// <summary>What one sweep did to one ticket (for logs and the lease-expiry metric).</summary>
internal sealed record SweepAction(long Id, SweepOutcome Outcome, string Reason);

/// <summary>The sweeper's verdicts.</summary>
internal enum SweepOutcome
{
    /// <summary>Lease expired, retry budget left: back to Queued with a new attempt number.</summary>
    Requeued,

    /// <summary>
    /// Lease expired and no retry budget left: Failed with "agent lost". (A ticket whose cancel was requested ends
    /// Cancelled instead, "cancelled; agent lost": there is nothing left to run it for.)
    /// </summary>
    AgentLost,

    /// <summary>Leased past the job's timeout: Failed ("timed out"), cancel flagged for the worker.</summary>
    TimedOut,

    /// <summary>Queued past the pickup limit: Failed ("no agent with labels …").</summary>
    NeverPickedUp,
}
