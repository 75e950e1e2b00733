using Microsoft.AspNetCore.Http;
using Sluice.Server.Auth;

namespace Sluice.Server.Dashboard;

/// <summary><c>/ui/sign-in</c>: a user name and password (from the users file), or an API token; back to where the visitor was going.</summary>
internal static class SignInPage
{
    public static IResult Render(HttpContext http, DashboardServices s, string? error = null, int status = StatusCodes.Status200OK)
    {
        var context = new PageContext(null, "", s.Time.GetUtcNow());
        var back = SafeReturn(http.Request.Query["return"].ToString() is { Length: > 0 } q ? q : http.Request.HasFormContentType ? http.Request.Form["return"].ToString() : null);
        var body = new Html();
        body.Raw("<div class=\"sign-in\"><h1>Sign in to Sluice</h1>");
        if (error is not null)
        {
            body.Add($"<p class=\"error\" role=\"alert\">{error}</p>");
        }

        body.Add($"<form method=\"post\" action=\"/ui/sign-in\" class=\"card\"><input type=\"hidden\" name=\"return\" value=\"{back}\">");
        body.Raw("<h2>User and password</h2><label for=\"user\">User name</label><input id=\"user\" name=\"user\" autocomplete=\"username\" required>");
        body.Raw("<label for=\"password\">Password</label><input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required>");
        body.Raw("<button type=\"submit\" class=\"primary\" id=\"sign-in-password\">Sign in</button></form>");
        body.Add($"<form method=\"post\" action=\"/ui/sign-in\" class=\"card\"><input type=\"hidden\" name=\"return\" value=\"{back}\">");
        body.Raw("<h2>API token</h2><label for=\"token\">Token</label><input id=\"token\" name=\"token\" type=\"password\" autocomplete=\"off\" required>");
        body.Raw("<p class=\"sub\">Any API token of this server's configuration signs in as an operator.</p>");
        body.Raw("<button type=\"submit\" id=\"sign-in-token\">Sign in with token</button></form>");
        if (s.Auth.Users.Count == 0 && s.Config.ApiTokens.Count == 0)
        {
            body.Raw("<p class=\"note\">No users or API tokens are configured: add a line to <code>dashboard-users</code> in the data directory (see docs/dashboard.md).</p>");
        }

        body.Raw("</div>");
        return Layout.Page(context, "Sign in", "", body, status: status);
    }

    public static async Task<IResult> SubmitAsync(HttpContext http, DashboardServices s, SignInThrottle throttle, CancellationToken ct)
    {
        var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (throttle.IsBlocked(address))
        {
            return Render(http, s, "Too many failed sign-ins from this address; wait a few minutes.", StatusCodes.Status429TooManyRequests);
        }

        var form = await http.Request.ReadFormAsync(ct);
        var principal = await s.Auth.SignInAsync(form["user"], form["password"], form["token"], ct);
        if (principal is null)
        {
            throttle.Failed(address);
            return Render(http, s, "Wrong user name, password or token.", StatusCodes.Status401Unauthorized);
        }

        throttle.Succeeded(address);
        s.Auth.SignIn(http, principal);
        return Results.Redirect(SafeReturn(form["return"]));
    }

    /// <summary>Only dashboard paths are followed after signing in (no open redirect to another site).</summary>
    public static string SafeReturn(string? target) =>
        target is { Length: > 3 } t && t.StartsWith("/ui/", StringComparison.Ordinal) && !t.StartsWith("/ui//", StringComparison.Ordinal) && !t.Contains('\\', StringComparison.Ordinal)
            && !t.StartsWith("/ui/sign-", StringComparison.Ordinal)
            ? t
            : "/ui/";
}
