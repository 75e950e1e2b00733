using System.Text;
using Microsoft.AspNetCore.Http;

namespace Sluice.Server.Dashboard;

/// <summary>
/// The page shell: skip link, navigation with the current page marked, who is signed in, the main landmark, and the
/// embedded stylesheet and script. Pages are sent with a strict Content-Security-Policy (scripts only from
/// <c>/ui/assets</c>; no inline script), never framed, never cached.
/// </summary>
internal static class Layout
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

    public static IResult Page(PageContext context, string title, string nav, Html body, string? bodyData = null, IReadOnlyList<string>? scripts = null, int status = StatusCodes.Status200OK)
    {
        var html = new Html();
        html.Add($"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Add($"<title>{title} · Sluice</title><link rel=\"stylesheet\" href=\"{Assets.Url("dashboard.css")}\"></head>");
        html.Raw("<body").Raw(bodyData ?? "").Raw("><a class=\"skip\" href=\"#main\">Skip to content</a><header class=\"top\"><nav aria-label=\"Main\"><a class=\"brand\" href=\"/ui/\">Sluice</a>");
        foreach (var (key, label, href) in new[] { ("runs", "Runs", "/ui/"), ("deployments", "Deployments", "/ui/deployments") })
        {
            html.Add($"<a href=\"{href}\"{(nav == key ? new HtmlRaw(" aria-current=\"page\"") : default)}>{label}</a>");
        }

        html.Raw("</nav>");
        if (context.Principal is { } who)
        {
            html.Add($"<div class=\"who\"><span>{who.Name} <span class=\"role\">({who.Role.ToString().ToLowerInvariant()})</span></span>");
            html.Add($"<form method=\"post\" action=\"/ui/sign-out\">{context.Field}<button type=\"submit\" class=\"link\">Sign out</button></form></div>");
        }

        html.Add($"</header><main id=\"main\" tabindex=\"-1\">{body}</main>");
        foreach (var script in scripts ?? ["dashboard.js"])
        {
            html.Add($"<script src=\"{Assets.Url(script)}\" defer></script>");
        }

        html.Raw("</body></html>");
        return new PageResult(html.ToString(), status);
    }

    public static void SecureHeaders(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.XFrameOptions = "DENY";
        response.Headers["Referrer-Policy"] = "same-origin";
        response.Headers.CacheControl = "no-store";
    }

    /// <summary>An HTML page with the dashboard's security headers.</summary>
    private sealed class PageResult(string html, int status) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.ContentType = "text/html; charset=utf-8";
            SecureHeaders(httpContext.Response);
            return httpContext.Response.WriteAsync(html, Encoding.UTF8, httpContext.RequestAborted);
        }
    }
}
