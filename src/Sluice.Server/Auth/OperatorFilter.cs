using Microsoft.AspNetCore.Http;

namespace Sluice.Server.Auth;

/// <summary>
/// Endpoint filter for dashboard actions (POST): an operator's session and the session's anti-forgery token (form
/// field <c>csrf</c> or header <c>X-Sluice-Csrf</c>) are required; 401 signed out, 403 otherwise.
/// </summary>
internal sealed class OperatorFilter(DashboardAuth auth) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var principal = auth.Current(http);
        if (principal is null)
        {
            return Results.Json(new { error = "sign in first" }, statusCode: StatusCodes.Status401Unauthorized);
        }

        if (!principal.IsOperator)
        {
            return Results.Json(new { error = "operators only: " + principal.Name + " is a viewer" }, statusCode: StatusCodes.Status403Forbidden);
        }

        string? token = http.Request.Headers[DashboardAuth.AntiForgeryHeader];
        if (token is null && http.Request.HasFormContentType)
        {
            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            token = form[DashboardAuth.AntiForgeryField];
        }

        if (!auth.CheckAntiForgery(http, token))
        {
            return Results.Json(new { error = "missing or wrong anti-forgery token; reload the page" }, statusCode: StatusCodes.Status403Forbidden);
        }

        return await next(context);
    }
}
