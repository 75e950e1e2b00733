using System.Net.Http.Headers;
using System.Text;
using Sluice.Server.Config;
using Sluice.Server.Hosting;
using Sluice.Server.Queue;
using Sluice.Server.Tests.FakeGitHub;
using Sluice.Server.Webhooks;

namespace Sluice.Server.Tests.Support;

/// <summary>
/// One end-to-end setup: a real git repository (the "GitHub" repository, cloned by path), the fake GitHub API, and
/// the server started in-process on 127.0.0.1 with a free port and a SQLite data directory. Talks to the server over
/// real HTTP only; reads the queue through the store for waiting.
/// </summary>
internal sealed class ServerHarness : IAsyncDisposable
{
    public const string Secret = "It's a Secret to Everybody";
    public const string ApiToken = "test-api-token";

    private readonly TempDirectory temp = new();

    private ServerHarness()
    {
        Repo = new TestRepo(Path.Combine(temp.Path, "origin"));
    }

    public TestRepo Repo { get; }

    public FakeGitHubServer GitHub { get; private set; } = null!;

    public RunningServer Server { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public ServerConfig Config { get; private set; } = null!;

    public TimeProvider Time { get; set; } = TimeProvider.System;

    public string DataDir => Path.Combine(temp.Path, "data");

    public static async Task<ServerHarness> CreateAsync()
    {
        var harness = new ServerHarness();
        harness.GitHub = await FakeGitHubServer.StartAsync();
        return harness;
    }

    /// <summary>Starts (or restarts, on the same data directory) the server.</summary>
    public async Task StartAsync(Func<ServerConfig, ServerConfig>? configure = null, Func<RepositoryConfig, RepositoryConfig>? repo = null)
    {
        var repository = new RepositoryConfig(Payloads.Repository, Repo.Path, "main", Secret, "gh-token", RepositoryConfig.DefaultCommenters, false,
            new Dictionary<string, string> { ["DEPLOY_TOKEN"] = "s3cr3t-value" });
        var config = new ServerConfig("http://127.0.0.1:0", DataDir, null, GitHub.Url, 2, 4, false,
            new Dictionary<string, string> { ["test"] = ApiToken }, [repo?.Invoke(repository) ?? repository], TimeSpan.FromMilliseconds(200));
        Config = configure?.Invoke(config) ?? config;
        Server = await SluiceServer.StartAsync(Config, new ServerOptions(Time, Microsoft.Extensions.Logging.LogLevel.Warning, TimeSpan.FromMilliseconds(20)), CancellationToken.None);
        Http?.Dispose();
        Http = new HttpClient { BaseAddress = new Uri(Server.Address), Timeout = TimeSpan.FromSeconds(60) };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiToken);
    }

    public async Task StopAsync()
    {
        await Server.DisposeAsync();
        Server = null!;
    }

    public async Task<HttpResponseMessage> SendAsync(string eventName, string body, string? delivery = null, string secret = Secret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/github") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-GitHub-Event", eventName);
        request.Headers.Add("X-GitHub-Delivery", delivery ?? Guid.NewGuid().ToString());
        request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(secret, Encoding.UTF8.GetBytes(body)));
        return await Http.SendAsync(request);
    }

    /// <summary>Waits until the queue satisfies <paramref name="condition"/>; fails the test after <paramref name="seconds"/>.</summary>
    public async Task<IReadOnlyList<QueueItem>> WaitForQueueAsync(Func<IReadOnlyList<QueueItem>, bool> condition, int seconds = 30)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        IReadOnlyList<QueueItem> items = [];
        while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            items = (await Server.Storage.Queue.ListAsync(new QueueQuery(500), CancellationToken.None)).OrderBy(i => i.Id).ToList();
            if (condition(items))
            {
                return items;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("queue never reached the expected state: " + string.Join("; ", items.Select(i => $"{i.Id} {i.PipelineId} {i.State} {i.Reason}")));
    }

    /// <summary>Waits until <paramref name="count"/> items exist and all are finished.</summary>
    public Task<IReadOnlyList<QueueItem>> WaitForFinishedAsync(int count, int seconds = 30) =>
        WaitForQueueAsync(items => items.Count >= count && items.All(i => i.IsTerminal), seconds);

    /// <summary>Waits until the inbox has no pending delivery (everything sent so far was processed).</summary>
    public async Task WaitForInboxAsync(int seconds = 30)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (await Server.Storage.Inbox.CountAsync(Sluice.Server.Inbox.InboxState.Pending, CancellationToken.None) > 0)
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(seconds))
            {
                throw new TimeoutException("the inbox was not drained");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        await GitHub.DisposeAsync();
        temp.Dispose();
    }
}
