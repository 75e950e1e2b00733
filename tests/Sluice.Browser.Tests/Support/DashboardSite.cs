using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace Sluice.Browser.Tests.Support;

/// <summary>
/// Everything the browser tests share (one per test class): a real origin repository with the pipelines of
/// <see cref="SitePipelines"/>, <c>sluice serve</c> as a child process with a users file (an operator and a viewer),
/// an API client, and Debian's Chromium driven by Playwright. Screenshots go to <c>screenshots/</c> in the test output.
/// </summary>
public sealed class DashboardSite : IAsyncLifetime
{
    public const string Repository = "octo-org/octo-repo";
    public const string Secret = "browser-webhook-secret";
    public const string ApiToken = "browser-api-token";
    public const string Operator = "alice";
    public const string OperatorPassword = "correct horse battery staple";
    public const string Viewer = "victor";
    public const string ViewerPassword = "viewer password";

    /// <summary>Chromium's flags: headless, no sandbox (root in CI), and nothing that reaches outside this machine.</summary>
    public static readonly string[] ChromiumArgs =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    private readonly TempDirectory temp = new();
    private ServeProcess? server;
    private IPlaywright? playwright;

    public string Root => temp.Path;

    public string Address => server!.Address;

    public string MainSha { get; private set; } = "";

    public HttpClient Api { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public static string ScreenshotDirectory => Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        // Generous waits: on a loaded 2-core machine a page and its server can take many seconds; a real
        // failure still fails, only later.
        Assertions.SetDefaultExpectTimeout(30_000);
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var origin = new OriginRepo(Path.Combine(Root, "origin"));
        MainSha = origin.Commit("Add pipelines <b>not bold</b>", SitePipelines.Files(Root));
        origin.Git("checkout", "--quiet", "-b", "fork-change");
        ForkSha = origin.Commit("Preview from a fork", ("README.md", "fork change\n"));
        origin.Git("update-ref", "refs/pull/7/head", ForkSha);
        origin.Git("checkout", "--quiet", "main");

        var data = Path.Combine(Root, "data");
        Directory.CreateDirectory(data);
        await File.WriteAllLinesAsync(Path.Combine(data, "dashboard-users"),
        [
            "# users of the browser tests (low iteration counts keep sign-in fast here)",
            $"{Operator} operator {Hash(OperatorPassword)}",
            $"{Viewer} viewer {Hash(ViewerPassword)}",
        ]);
        var config = Path.Combine(Root, "sluice.yml");
        await File.WriteAllTextAsync(config, $"""
            data-dir: {data}
            github:
              api-url: http://127.0.0.1:9
            runs:
              max-concurrent: 4
              max-parallel-jobs: 4
            api-tokens:
              browser: {ApiToken}
            repos:
              - name: {Repository}
                clone-url: {origin.Path}
                webhook-secret: {Secret}
                fork-approval: true
            """);
        server = await ServeProcess.StartAsync(config, Root);
        Api = new HttpClient { BaseAddress = new Uri(Address), Timeout = TimeSpan.FromSeconds(30) };
        Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiToken);

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumArgs,
        });
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    public string ForkSha { get; private set; } = "";

    /// <summary>The hash format of docs/dashboard.md, computed here independently of the server's code.</summary>
    public static string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, 1000, HashAlgorithmName.SHA256, 32);
        return $"pbkdf2-sha256$1000${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    /// <summary>A fresh browser context (own cookies) with a page signed in through the sign-in form.</summary>
    public async Task<IPage> SignedInPageAsync(string user = Operator, string password = OperatorPassword, int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Address, ViewportSize = new ViewportSize { Width = width, Height = height } });
        context.SetDefaultTimeout(45_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/ui/");
        await page.GetByLabel("User name").FillAsync(user);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.Locator("#sign-in-password").ClickAsync();
        await page.WaitForURLAsync("**/ui/");
        return page;
    }

    /// <summary>Saves a full-page screenshot and returns its path.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(ScreenshotDirectory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    /// <summary>Starts a pipeline through the API; returns the queue id.</summary>
    public async Task<long> StartRunAsync(string pipeline)
    {
        using var response = await Api.PostAsJsonAsync("/api/runs", new { repository = Repository, pipeline });
        var body = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue(body);
        return JsonDocument.Parse(body).RootElement.GetProperty("queueId").GetInt64();
    }

    /// <summary>Waits until the queue item has started its run; returns the run id.</summary>
    public async Task<long> RunIdAsync(long queueId, int seconds = 30)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            using var doc = JsonDocument.Parse(await Api.GetStringAsync($"/api/queue/{queueId}"));
            if (doc.RootElement.TryGetProperty("runId", out var id) && id.ValueKind == JsonValueKind.Number)
            {
                return id.GetInt64();
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"queue item {queueId} never started a run");
    }

    /// <summary>Waits for a run to reach a state (as the API spells it, e.g. Succeeded).</summary>
    public async Task WaitForRunAsync(long runId, string state, int seconds = 60)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var last = "";
        while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            using var doc = JsonDocument.Parse(await Api.GetStringAsync($"/api/runs/{runId}"));
            last = doc.RootElement.GetProperty("run").GetProperty("state").GetString()!;
            if (last == state)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"run {runId} is {last}, never {state}");
    }

    /// <summary>Sends a GitHub webhook delivery signed with the repository's secret.</summary>
    public async Task SendWebhookAsync(string eventName, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/github") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-GitHub-Event", eventName);
        request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
        request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(body))));
        using var response = await Api.SendAsync(request);
        response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync());
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        Api?.Dispose();
        if (server is not null)
        {
            await server.DisposeAsync();
        }

        temp.Dispose();
    }
}
