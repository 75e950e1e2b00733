using Microsoft.AspNetCore.Http;

namespace Sluice.Server.Api;

/// <summary>Endpoint filter: 401 without a valid API token; the token's name is put in <c>HttpContext.Items["sluice.token"]</c>.</summary>
internal sealed class ApiTokenFilter(ApiTokens tokens) : IEndpointFilter
{
    public const string ItemKey = "sluice.token";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var name = await tokens.AuthenticateAsync(http.Request, http.RequestAborted);
        if (name is null)
        {
            return Results.Json(new { error = "missing or invalid API token (Authorization: Bearer <token>)" }, statusCode: StatusCodes.Status401Unauthorized);
        }

        http.Items[ItemKey] = name;
        return await next(context);
    }
}
