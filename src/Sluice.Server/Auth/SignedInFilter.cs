using Microsoft.AspNetCore.Http;

namespace Sluice.Server.Auth;

/// <summary>
/// Endpoint filter for every dashboard page and feed: without a session a page (GET) redirects to the sign-in page
/// and comes back afterwards; anything else answers 401.
/// </summary>
internal sealed class SignedInFilter(DashboardAuth auth) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (auth.Current(http) is not null)
        {
            return await next(context);
        }

        if (HttpMethods.IsGet(http.Request.Method) && !http.Request.Headers.Accept.ToString().Contains("application/json", StringComparison.Ordinal)
            && !http.Request.Headers.Accept.ToString().Contains("text/event-stream", StringComparison.Ordinal))
        {
            var back = http.Request.Path + http.Request.QueryString;
            return Results.Redirect("/ui/sign-in?return=" + Uri.EscapeDataString(back));
        }

        return Results.Json(new { error = "sign in first" }, statusCode: StatusCodes.Status401Unauthorized);
    }
}
