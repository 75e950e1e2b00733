using System.Globalization;
using Microsoft.AspNetCore.Http;
using Sluice.Engine.Agents;
using Sluice.Engine.Dispatch;

namespace Sluice.Server.Agents;

/// <summary>
/// The fence in front of every write about a job: the caller's <c>Sluice-Lease-Token</c> must be the ticket's current
/// token, the ticket still Leased and its lease unexpired; otherwise 409 with the reason (the write is not applied).
/// A write racing the lease's expiry by less than one database round trip can still land; the next one is refused.
/// </summary>
internal sealed class JobLeases(IJobQueue queue, TimeProvider time)
{
    public async Task<(FencedJob? Job, IResult? Refusal)> CheckAsync(long id, HttpRequest request, CancellationToken cancellationToken)
    {
        if (!long.TryParse(request.Headers[AgentProtocol.LeaseHeader].ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var token))
        {
            return (null, Results.Json(new Refusal($"the {AgentProtocol.LeaseHeader} header is required"), statusCode: StatusCodes.Status400BadRequest));
        }

        var ticket = await queue.GetAsync(id, cancellationToken);
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

        var payload = DispatchJson.Deserialize<JobPayload>(ticket.Ticket.Payload);
        return payload is null
            ? (null, Results.Json(new Refusal("the job's payload cannot be read"), statusCode: StatusCodes.Status500InternalServerError))
            : (new FencedJob(ticket, payload), null);
    }
}
