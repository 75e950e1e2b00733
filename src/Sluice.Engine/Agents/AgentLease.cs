namespace Sluice.Engine.Agents;

/// <summary>
/// One job held by this agent: the ticket and its two stop signals. <see cref="Cancelled"/> is the server's cancel (the
/// steps stop, the job still reports); <see cref="Lost"/> fires when the lease is gone (fenced out, or the agent aborts):
/// everything stops and nothing more is written.
/// </summary>
internal sealed class AgentLease : IDisposable
{
    private readonly CancellationTokenSource cancelled = new();
    private readonly CancellationTokenSource lost;

    public AgentLease(ClaimedTicket ticket, CancellationToken abort)
    {
        Ticket = ticket;
        lost = CancellationTokenSource.CreateLinkedTokenSource(abort);
    }

    public ClaimedTicket Ticket { get; }

    public CancellationToken Cancelled => cancelled.Token;

    public CancellationToken Lost => lost.Token;

    public bool IsLost => lost.IsCancellationRequested;

    public void Cancel() => cancelled.Cancel();

    public void MarkLost() => lost.Cancel();

    public void Dispose()
    {
        cancelled.Dispose();
        lost.Dispose();
    }
}
