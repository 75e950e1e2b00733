using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Sluice.Engine.Agents;
using Sluice.Engine.Dispatch;

namespace Sluice.Server.Agents;

/// <summary>
/// The fence in front of every write about a job: the caller's <c>Sluice-Lease-Token</c> must be the ticket's current
/// token, the ticket still Leased and its lease unexpired; otherwise 409 with the reason (the write is not applied).
/// A write racing the lease's expiry by less than one database round trip can still land; the next one is refused.
/// A ticket's payload never changes, so it is read once per ticket and kept until the ticket completes here (a ticket
/// ended elsewhere is dropped when the cache fills up): a job's every request used to parse it again.
/// </summary>
internal sealed class JobLeases(IJobQueue queue, TimeProvider time)
{
    private const int MaxPayloads = 4096;

    private readonly ConcurrentDictionary<long, JobPayload> payloads = new();

    /// <summary>Keeps the payload the claim has just read for the ticket's next requests.</summary>
    public void Remember(long id, JobPayload payload)
    {
        if (payloads.Count >= MaxPayloads)
        {
            payloads.Clear();
        }

        payloads[id] = payload;
    }

    /// <summary>
    /// Whether the caller's token is the one whose report ended the ticket: a complete request sent again after its answer
    /// was lost is then answered as done, instead of telling the agent it lost a lease it held to the end.
    /// </summary>
    public async Task<bool> CompletedByAsync(long id, HttpRequest request, CancellationToken cancellationToken) =>
        long.TryParse(request.Headers[AgentProtocol.LeaseHeader].ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var token)
        && await queue.GetStatusAsync(id, cancellationToken) is { ResultJson: not null } ticket
        && ticket.Token == token
        && ticket.State is DispatchState.Succeeded or DispatchState.Failed or DispatchState.Cancelled;

    /// <summary>Drops the payload of a ticket that ended.</summary>
    public void Forget(long id) => payloads.TryRemove(id, out _);

    public async Task<(FencedJob? Job, IResult? Refusal)> CheckAsync(long id, HttpRequest request, CancellationToken cancellationToken)
    {
        if (!long.TryParse(request.Headers[AgentProtocol.LeaseHeader].ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var token))
        {
            return (null, Results.Json(new Refusal($"the {AgentProtocol.LeaseHeader} header is required"), statusCode: StatusCodes.Status400BadRequest));
        }

        // The payload is read only when this server has not seen the ticket yet.
        var known = payloads.TryGetValue(id, out var payload);
        var ticket = known ? await queue.GetStatusAsync(id, cancellationToken) : await queue.GetAsync(id, cancellationToken);
        if (ticket is null)
        {
            return (null, Results.Json(new Refusal($"job {id} does not exist"), statusCode: StatusCodes.Status404NotFound));
        }

        var reason = ticket.Token != token ? $"stale lease: token {token} is not the current one ({ticket.Token})"
            : ticket.State != DispatchState.Leased ? $"the job is {ticket.State.ToString().ToLowerInvariant()}" + (ticket.Reason is null ? "" : $" ({ticket.Reason})")
            : ticket.LeaseExpiresAt is { } expires && expires <= time.GetUtcNow() ? "the lease expired"
            : null;
        if (reason is not null)
        {
            return (null, Results.Json(new Refusal(reason), statusCode: StatusCodes.Status409Conflict));
        }

        if (!known && (payload = DispatchJson.Deserialize<JobPayload>(ticket.Ticket.Payload)) is not null)
        {
            Remember(id, payload);
        }

        return payload is null
            ? (null, Results.Json(new Refusal("the job's payload cannot be read"), statusCode: StatusCodes.Status500InternalServerError))
            : (new FencedJob(ticket, payload), null);
    }
}
