using Microsoft.AspNetCore.Http;
using Sluice.Server.Api;

namespace Sluice.Server.Auth;

/// <summary>
/// Signing in to the dashboard: a user of <see cref="UsersFile"/> with a password, or any configured API token (an
/// operator, as the token may already cancel, re-run and approve through the API). The session lives in a signed
/// cookie (<see cref="SessionCookies"/>); password sessions are checked against the users file on every request, so
/// removing a user or lowering a role takes effect at once.
/// </summary>
internal sealed class DashboardAuth(UsersFile users, IApiTokenStore tokens, SessionCookies cookies, TimeProvider time)
{
    public const string ItemKey = "sluice.dashboard.principal";
    public const string AntiForgeryField = "csrf";
    public const string AntiForgeryHeader = "X-Sluice-Csrf";

    /// <summary>Verified against unknown user names so a wrong name costs as much time as a wrong password.</summary>
    private static readonly Lazy<string> DummyHash = new(() => PasswordHash.Create(Guid.NewGuid().ToString()));

    public UsersFile Users => users;

    public async Task<DashboardPrincipal?> SignInAsync(string? user, string? password, string? token, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(token))
        {
            var name = await tokens.FindAsync(ApiTokens.Hash(token.Trim()), cancellationToken);
            return name is null ? null : new DashboardPrincipal(name, DashboardRole.Operator, "token");
        }

        if (string.IsNullOrWhiteSpace(user) || string.IsNullOrEmpty(password))
        {
            return null;
        }

        var found = users.Find(user.Trim());
        var ok = PasswordHash.Verify(password, found?.PasswordHash ?? DummyHash.Value);
        return ok && found is not null ? new DashboardPrincipal(found.Name, found.Role, "password") : null;
    }

    /// <summary>The signed-in person of this request, or null (cached in <c>HttpContext.Items</c>).</summary>
    public DashboardPrincipal? Current(HttpContext http)
    {
        if (http.Items.TryGetValue(ItemKey, out var cached))
        {
            return cached as DashboardPrincipal;
        }

        var principal = cookies.Read(http.Request.Cookies[SessionCookies.CookieName]);
        if (principal is { Via: "password" })
        {
            var user = users.Find(principal.Name);
            principal = user is null ? null : principal with { Role = user.Role };
        }

        http.Items[ItemKey] = principal;
        return principal;
    }

    public void SignIn(HttpContext http, DashboardPrincipal principal)
    {
        var value = cookies.Issue(principal);
        http.Response.Cookies.Append(SessionCookies.CookieName, value, Options(http, SessionCookies.Lifetime));
        http.Items[ItemKey] = principal;
        http.Items[SessionCookies.CookieName] = value;
    }

    public void SignOut(HttpContext http)
    {
        http.Response.Cookies.Delete(SessionCookies.CookieName, Options(http, TimeSpan.Zero));
        http.Items[ItemKey] = null;
    }

    /// <summary>The anti-forgery token for forms on pages of this request's session ("" when signed out).</summary>
    public string AntiForgery(HttpContext http) =>
        (http.Items.TryGetValue(SessionCookies.CookieName, out var fresh) ? fresh as string : http.Request.Cookies[SessionCookies.CookieName]) is { } cookie
            ? cookies.AntiForgery(cookie)
            : "";

    public bool CheckAntiForgery(HttpContext http, string? token) =>
        http.Request.Cookies[SessionCookies.CookieName] is { } cookie && cookies.CheckAntiForgery(cookie, token);

    private CookieOptions Options(HttpContext http, TimeSpan maxAge) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = http.Request.IsHttps,
        Path = "/ui",
        MaxAge = maxAge,
        Expires = time.GetUtcNow() + maxAge,
        IsEssential = true,
    };
}
