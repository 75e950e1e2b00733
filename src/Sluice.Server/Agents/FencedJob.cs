using Sluice.Engine.Dispatch;

namespace Sluice.Server.Agents;

/// <summary>A leased ticket whose fencing token matched the caller's, with its payload read.</summary>
internal sealed record FencedJob(DispatchedJob Ticket, JobPayload Payload)
{
    public long RunId => Ticket.Ticket.RunId;

    public string JobKey => Ticket.Ticket.JobKey;

    /// <summary>
    /// Log sequences of lease attempt n start at (n - 1) × 10⁹: a re-leased job starts its lines at 1 again, and they must
    /// neither be dropped as duplicates of the lost attempt's lines nor mix with them.
    /// </summary>
    public long SequenceBase => (Ticket.Attempt - 1) * 1_000_000_000L;
}
