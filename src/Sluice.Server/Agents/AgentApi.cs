using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Sluice.Engine.Agents;
using Sluice.Engine.Dispatch;
using Sluice.Engine.Storage;

namespace Sluice.Server.Agents;

/// <summary>
/// The agent protocol (docs/agent-protocol.md) under <c>/agent/v1</c>, every call with an agent token: register, claim
/// (long-poll), renew; the fenced reads and writes about a leased job are in <see cref="AgentJobReads"/> and
/// <see cref="AgentJobWrites"/>.
/// </summary>
internal static class AgentApi
{
    public static IEndpointRouteBuilder MapAgentApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(AgentProtocol.Prefix).AddEndpointFilter<AgentTokenFilter>();
        api.MapPost("/register", RegisterAsync);
        api.MapPost("/claim", ClaimAsync);
        api.MapPost("/jobs/{id:long}/renew", RenewAsync);
        AgentJobReads.Map(api);
        AgentJobWrites.Map(api);
        return app;
    }

    private static async Task<IResult> RegisterAsync(HttpRequest request, AgentSettings settings, AgentRegistry registry, ILoggerFactory logs)
    {
        var body = await AgentBodies.ReadAsync<AgentRegistration>(request, request.HttpContext.RequestAborted);
        if (body is null || string.IsNullOrWhiteSpace(body.Name) || body.Capacity < 1)
        {
            return Results.Json(new Refusal("`name` and a `capacity` of at least 1 are required"), statusCode: StatusCodes.Status400BadRequest);
        }

        registry.Register(body);
        logs.CreateLogger(typeof(AgentApi)).LogInformation("agent {Name} registered: labels [{Labels}], capacity {Capacity}", body.Name, string.Join(", ", body.Labels), body.Capacity);
        return Results.Json(new AgentWelcome(body.Name, settings.Lease.TotalSeconds, settings.Lease.TotalSeconds / 3, settings.MaxClaimWait.TotalSeconds), DispatchJson.Options);
    }

    /// <summary>Claims the oldest job the agent's labels satisfy, waiting up to the requested time (capped) for one: 200 with the job, or 204.</summary>
    private static async Task<IResult> ClaimAsync(
        HttpContext http, IJobQueue queue, AgentSettings settings, AgentRegistry registry, IRunStore runs, TicketSignals signals, JobLeases leases, TimeProvider time, CancellationToken ct)
    {
        var body = await AgentBodies.ReadAsync<ClaimRequest>(http.Request, ct);
        if (body is null || string.IsNullOrWhiteSpace(body.Name))
        {
            return Results.Json(new Refusal("`name` is required"), statusCode: StatusCodes.Status400BadRequest);
        }

        registry.Seen(body.Name);
        var wait = TimeSpan.FromSeconds(Math.Clamp(body.WaitSeconds, 0, settings.MaxClaimWait.TotalSeconds));
        var deadline = time.GetUtcNow() + wait;
        while (true)
        {
            var claimed = await queue.ClaimAsync(body.Name, body.Labels ?? [], settings.Lease, time.GetUtcNow(), ct);
            if (claimed is not null)
            {
                var payload = DispatchJson.Deserialize<JobPayload>(claimed.Ticket.Payload);
                if (payload is null)
                {
                    await queue.CompleteAsync(claimed.Id, claimed.Token, DispatchState.Failed, DispatchJson.Serialize(Unreadable(time)), time.GetUtcNow(), ct);
                    continue;
                }

                leases.Remember(claimed.Id, payload);
                signals.Notify(claimed.Id);
                if (claimed.Attempt > 1)
                {
                    // The line opening a re-leased attempt's log (sequence 0 of its range), so a reader sees where it starts.
                    var line = new LogLine(claimed.Ticket.RunId, claimed.Ticket.JobKey, (claimed.Attempt - 1) * 1_000_000_000L, 1, 0, time.GetUtcNow(), "sluice",
                        $"job re-leased to agent {body.Name} (lease attempt {claimed.Attempt}; the previous agent was lost)");
                    await runs.AppendLogsAsync([line], ct);
                }

                return Results.Json(new ClaimedTicket(claimed.Id, claimed.Token, claimed.Attempt, claimed.Ticket.RunId, claimed.Ticket.JobKey, claimed.LeaseExpiresAt, payload),
                    DispatchJson.Options);
            }

            var left = deadline - time.GetUtcNow();
            if (left <= TimeSpan.Zero || http.RequestAborted.IsCancellationRequested)
            {
                return Results.NoContent();
            }

            await queue.WaitAsync(left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1), ct);
        }
    }

    private static async Task<IResult> RenewAsync(long id, HttpRequest request, IJobQueue queue, AgentSettings settings, JobLeases leases, TimeProvider time, CancellationToken ct)
    {
        if (!long.TryParse(request.Headers[AgentProtocol.LeaseHeader].ToString(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var token))
        {
            return Results.Json(new Refusal($"the {AgentProtocol.LeaseHeader} header is required"), statusCode: StatusCodes.Status400BadRequest);
        }

        var now = time.GetUtcNow();
        var status = await queue.RenewAsync(id, token, settings.Lease, now, ct);
        if (status == LeaseStatus.Lost && await leases.CompletedByAsync(id, request, ct))
        {
            return Results.Json(new RenewReply(LeaseStatus.Completed, null), DispatchJson.Options);
        }

        return Results.Json(new RenewReply(status, status == LeaseStatus.Lost ? null : now + settings.Lease), DispatchJson.Options,
            statusCode: status == LeaseStatus.Lost ? StatusCodes.Status409Conflict : StatusCodes.Status200OK);
    }

    private static JobReport Unreadable(TimeProvider time) =>
        new(JobState.Failed, "the job's payload cannot be read", 0, time.GetUtcNow(), time.GetUtcNow(), new Dictionary<string, string>(), false, "", []);
}
