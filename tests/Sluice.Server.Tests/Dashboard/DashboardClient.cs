using System.Net;
using System.Text.RegularExpressions;

namespace Sluice.Server.Tests.Dashboard;

/// <summary>A browser-like HTTP client for the dashboard: its own cookies, redirects not followed (tests check them), the page's anti-forgery token at hand.</summary>
internal sealed partial class DashboardClient : IDisposable
{
    private readonly HttpClientHandler handler;

    public DashboardClient(string address)
    {
        handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false, UseCookies = true };
        Http = new HttpClient(handler) { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Http { get; }

    public CookieContainer Cookies => handler.CookieContainer;

    public async Task<HttpResponseMessage> SignInAsync(string? user = null, string? password = null, string? token = null, string returnTo = "/ui/") =>
        await PostAsync("/ui/sign-in", ("user", user ?? ""), ("password", password ?? ""), ("token", token ?? ""), ("return", returnTo));

    public Task<HttpResponseMessage> PostAsync(string path, params (string Name, string Value)[] fields) =>
        Http.PostAsync(path, new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))));

    public async Task<string> PageAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return body;
    }

    /// <summary>The anti-forgery token the signed-in pages carry in their forms.</summary>
    public async Task<string> AntiForgeryAsync() => Csrf().Match(await PageAsync("/ui/")).Groups[1].Value;

    public void Dispose()
    {
        Http.Dispose();
        handler.Dispose();
    }

    [GeneratedRegex("name=\"csrf\" value=\"([^\"]+)\"")]
    private static partial Regex Csrf();
}
