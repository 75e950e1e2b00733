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
    private static async Task<IResult> ClaimAsync(HttpContext http, IJobQueue queue, AgentSettings settings, AgentRegistry registry, AgentClaims claims, TimeProvider time, CancellationToken ct)
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
            if (await claims.TryClaimAsync(body.Name, body.Labels ?? [], ct) is { } ticket)
            {
                return Results.Json(ticket, DispatchJson.Options);
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
}
