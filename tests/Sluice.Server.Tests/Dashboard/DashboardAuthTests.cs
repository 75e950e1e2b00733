using System.Net;
using Sluice.Engine.Storage;
using Sluice.Server.Auth;
using Sluice.Server.Tests.Support;

namespace Sluice.Server.Tests.Dashboard;

/// <summary>Signing in and what each role may do, over real HTTP against the in-process server.</summary>
public sealed class DashboardAuthTests : IAsyncLifetime
{
    private ServerHarness harness = null!;

    public async Task InitializeAsync() => harness = await DashboardSetup.StartAsync();

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Fact]
    public async Task Page_SignedOut_RedirectsToSignInAndBack()
    {
        using var client = new DashboardClient(harness.Server.Address);
        using var page = await client.Http.GetAsync("/ui/runs/5?x=1");
        page.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        page.Headers.Location!.ToString().ShouldBe("/ui/sign-in?return=%2Fui%2Fruns%2F5%3Fx%3D1");
        using var root = await client.Http.GetAsync("/");
        root.Headers.Location!.ToString().ShouldBe("/ui/");

        using var signIn = await client.SignInAsync(DashboardSetup.Operator, DashboardSetup.OperatorPassword, returnTo: "/ui/runs/5?x=1");
        signIn.Headers.Location!.ToString().ShouldBe("/ui/runs/5?x=1");
    }

    [Fact]
    public async Task Feed_SignedOut_Answers401()
    {
        using var client = new DashboardClient(harness.Server.Address);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/ui/runs/1/logs/stream?job=a");
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await client.Http.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task SignIn_Password_SetsAnHttpOnlyStrictCookieScopedToTheDashboard()
    {
        using var client = new DashboardClient(harness.Server.Address);
        using var response = await client.SignInAsync(DashboardSetup.Operator, DashboardSetup.OperatorPassword);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var cookie = response.Headers.GetValues("Set-Cookie").Single();
        cookie.ShouldStartWith(SessionCookies.CookieName + "=");
        cookie.ShouldContain("httponly", Case.Insensitive);
        cookie.ShouldContain("samesite=strict", Case.Insensitive);
        cookie.ShouldContain("path=/ui", Case.Insensitive);
        (await client.PageAsync("/ui/")).ShouldContain("alice <span class=\"role\">(operator)</span>");
    }

    [Theory]
    [InlineData("alice", "wrong")]
    [InlineData("nobody", "alice's password")]
    [InlineData("", "")]
    public async Task SignIn_WrongCredentials_401WithAnAlertAndNoCookie(string user, string password)
    {
        using var client = new DashboardClient(harness.Server.Address);
        using var response = await client.SignInAsync(user, password);
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.Contains("Set-Cookie").ShouldBeFalse();
        (await response.Content.ReadAsStringAsync()).ShouldContain("role=\"alert\">Wrong user name, password or token.");
    }

    [Fact]
    public async Task SignIn_ApiToken_IsAnOperatorNamedAfterTheToken()
    {
        using var client = new DashboardClient(harness.Server.Address);
        using var response = await client.SignInAsync(token: ServerHarness.ApiToken);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await client.PageAsync("/ui/")).ShouldContain("test <span class=\"role\">(operator)</span>");
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/ui/")]
    [InlineData("/ui//evil.example")]
    [InlineData("/ui/\\evil.example")]
    public async Task SignIn_ReturnElsewhere_GoesToTheDashboardInstead(string target)
    {
        using var client = new DashboardClient(harness.Server.Address);
        using var response = await client.SignInAsync(DashboardSetup.Operator, DashboardSetup.OperatorPassword, returnTo: target);
        response.Headers.Location!.ToString().ShouldBe("/ui/");
    }

    [Fact]
    public async Task Session_TamperedCookie_IsRejected()
    {
        using var client = await DashboardSetup.SignedInAsync(harness, DashboardSetup.Viewer, DashboardSetup.ViewerPassword);
        var uri = new Uri(harness.Server.Address + "/ui/");
        var value = client.Cookies.GetCookies(uri)[SessionCookies.CookieName]!.Value;
        var payload = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(Pad(value[..value.IndexOf('.', StringComparison.Ordinal)])));
        var forged = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(payload.Replace("\"Role\":0", "\"Role\":1", StringComparison.Ordinal))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        payload.ShouldContain("\"Role\":0");
        client.Cookies.Add(uri, new Cookie(SessionCookies.CookieName, forged + value[value.IndexOf('.', StringComparison.Ordinal)..], "/ui"));
        using var page = await client.Http.GetAsync("/ui/");
        page.StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task Session_UserRemovedFromTheFile_EndsAtTheNextRequest()
    {
        using var client = await DashboardSetup.SignedInAsync(harness, DashboardSetup.Viewer, DashboardSetup.ViewerPassword);
        (await client.PageAsync("/ui/")).ShouldContain("victor");
        DashboardSetup.WriteUsers(harness, $"alice operator {PasswordHash.Create("x", 1000)}");
        File.SetLastWriteTimeUtc(Path.Combine(harness.DataDir, UsersFile.FileName), new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        using var page = await client.Http.GetAsync("/ui/");
        page.StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task Actions_ViewerOrMissingAntiForgeryToken_AreForbidden_OperatorReruns()
    {
        var runId = await DashboardSetup.RecordRunAsync(harness, RunState.Failed, "main", ("build", "build", [], JobState.Failed, 3));
        using (var viewer = await DashboardSetup.SignedInAsync(harness, DashboardSetup.Viewer, DashboardSetup.ViewerPassword))
        {
            (await viewer.PageAsync($"/ui/runs/{runId}")).ShouldNotContain("id=\"rerun-");
            using var denied = await viewer.PostAsync($"/ui/runs/{runId}/rerun", ("csrf", await viewer.AntiForgeryAsync()));
            denied.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }

        using var op = await DashboardSetup.SignedInAsync(harness);
        (await op.PageAsync($"/ui/runs/{runId}")).ShouldContain("Re-run failed jobs");
        using (var noToken = await op.PostAsync($"/ui/runs/{runId}/rerun?failed=true"))
        {
            noToken.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }

        using (var wrongToken = await op.PostAsync($"/ui/runs/{runId}/rerun?failed=true", ("csrf", "forged")))
        {
            wrongToken.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }

        using var rerun = await op.PostAsync($"/ui/runs/{runId}/rerun?failed=true", ("csrf", await op.AntiForgeryAsync()));
        rerun.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var queueId = long.Parse(rerun.Headers.Location!.ToString().Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
        var item = await harness.Server.Storage.Queue.GetAsync(queueId, CancellationToken.None);
        item!.Kind.ShouldBe(Queue.QueueKind.Rerun);
        item.RequestedBy.ShouldBe("dashboard:alice");
        item.Payload!.ShouldContain("\"FailedOnly\":true", Case.Insensitive);
    }

    [Fact]
    public async Task SignIn_TenFailuresFromOneAddress_AreThrottled()
    {
        using var client = new DashboardClient(harness.Server.Address);
        for (var i = 0; i < SignInThrottle.MaxFailures; i++)
        {
            using var wrong = await client.SignInAsync(token: "wrong-" + i);
            wrong.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        using var blocked = await client.SignInAsync(token: ServerHarness.ApiToken);
        blocked.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
    }

    private static string Pad(string base64Url)
    {
        var s = base64Url.Replace('-', '+').Replace('_', '/');
        return s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '=');
    }
}
