using System.Collections.Concurrent;
using Sluice.Engine.Agents;
using Sluice.Engine.Dispatch;
using Sluice.Engine.Storage;

namespace Sluice.Server.Agents;

/// <summary>
/// Leases the oldest ready job an agent's labels satisfy, for <c>claim</c> (which long-polls around it) and for a
/// <c>complete</c> that asks for the next job (which does not wait). A ticket whose payload cannot be read is failed and
/// the next one tried. The claimed payload is kept for the ticket's fenced requests (<see cref="JobLeases"/>), the
/// ticket's orchestrator is signalled, and a re-leased attempt gets the log line that says so.
/// </summary>
internal sealed class AgentClaims(IJobQueue queue, AgentSettings settings, IRunStore runs, TicketSignals signals, JobLeases leases, TimeProvider time)
{
    private const int MaxHanded = 4096;

    /// <summary>The next job handed over with each recent completion, by the completed ticket's id.</summary>
    private readonly ConcurrentDictionary<long, ClaimedTicket> handed = new();

    /// <summary>
    /// Remembers the job handed over with the completion of <paramref name="completedId"/>, so that the same completion
    /// sent again (its answer was lost) gets it again instead of leaving it leased to nobody until its lease expires.
    /// </summary>
    public void Handed(long completedId, ClaimedTicket next)
    {
        if (handed.Count >= MaxHanded)
        {
            handed.Clear();
        }

        handed[completedId] = next;
    }

    /// <summary>The job handed over with that completion, if this server handed one over and it is still leased under that token.</summary>
    public async Task<ClaimedTicket?> HandedAgainAsync(long completedId, CancellationToken cancellationToken) =>
        handed.TryGetValue(completedId, out var next)
        && await queue.GetStatusAsync(next.Id, cancellationToken) is { State: DispatchState.Leased } current && current.Token == next.Token
            ? next
            : null;

    /// <summary>The claimed job, or null when none is ready for these labels now.</summary>
    public async Task<ClaimedTicket?> TryClaimAsync(string agent, IReadOnlyList<string> labels, CancellationToken cancellationToken)
    {
        while (true)
        {
            var claimed = await queue.ClaimAsync(agent, labels, settings.Lease, time.GetUtcNow(), cancellationToken);
            if (claimed is null)
            {
                return null;
            }

            var payload = DispatchJson.Deserialize<JobPayload>(claimed.Ticket.Payload);
            if (payload is null)
            {
                await queue.CompleteAsync(claimed.Id, claimed.Token, DispatchState.Failed, DispatchJson.Serialize(Unreadable()), time.GetUtcNow(), cancellationToken);
                continue;
            }

            leases.Remember(claimed.Id, payload);
            signals.Notify(claimed.Id);
            if (claimed.Attempt > 1)
            {
                // The line opening a re-leased attempt's log (sequence 0 of its range), so a reader sees where it starts.
                var line = new LogLine(claimed.Ticket.RunId, claimed.Ticket.JobKey, (claimed.Attempt - 1) * 1_000_000_000L, 1, 0, time.GetUtcNow(), "sluice",
                    $"job re-leased to agent {agent} (lease attempt {claimed.Attempt}; the previous agent was lost)");
                await runs.AppendLogsAsync([line], cancellationToken);
            }

            return new ClaimedTicket(claimed.Id, claimed.Token, claimed.Attempt, claimed.Ticket.RunId, claimed.Ticket.JobKey, claimed.LeaseExpiresAt, payload);
        }
    }

    private JobReport Unreadable() =>
        new(JobState.Failed, "the job's payload cannot be read", 0, time.GetUtcNow(), time.GetUtcNow(), new Dictionary<string, string>(), false, "", []);
}
