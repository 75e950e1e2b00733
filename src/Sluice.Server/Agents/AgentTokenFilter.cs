using Microsoft.AspNetCore.Http;
using Sluice.Engine.Agents;

namespace Sluice.Server.Agents;

/// <summary>Endpoint filter of the agent API: 401 without a valid agent token; the token's name goes to <c>HttpContext.Items["sluice.agent"]</c>.</summary>
internal sealed class AgentTokenFilter(AgentTokens tokens) : IEndpointFilter
{
    public const string ItemKey = "sluice.agent";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var name = tokens.Authenticate(http.Request);
        if (name is null)
        {
            return Results.Json(new Refusal("missing or invalid agent token (Authorization: Bearer <token>)"), statusCode: StatusCodes.Status401Unauthorized);
        }

        http.Items[ItemKey] = name;
        return await next(context);
    }
}
