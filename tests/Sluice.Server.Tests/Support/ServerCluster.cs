using System.Net.Http.Headers;
using System.Text;
using Sluice.Engine.Storage;
using Sluice.Server.Config;
using Sluice.Server.Hosting;
using Sluice.Server.Queue;
using Sluice.Server.Tests.FakeGitHub;
using Sluice.Server.Webhooks;

namespace Sluice.Server.Tests.Support;

/// <summary>
/// Several servers on one fresh PostgreSQL database, as an operator runs them: each its own data directory (mirrors,
/// workspaces), one shared directory for artifacts and caches, one test repository and fake GitHub API (as in
/// <see cref="ServerHarness"/>). Servers start in-process on 127.0.0.1; talk to them over real HTTP.
/// </summary>
internal sealed class ServerCluster : IAsyncDisposable
{
    private readonly TempDirectory temp = new();
    private readonly List<RunningServer> servers = [];

    private ServerCluster(PostgresTestDatabase database, FakeGitHubServer github)
    {
        Database = database;
        GitHub = github;
        Repo = new TestRepo(Path.Combine(temp.Path, "origin"));
    }

    public PostgresTestDatabase Database { get; }

    public FakeGitHubServer GitHub { get; }

    public TestRepo Repo { get; }

    public string Root => temp.Path;

    public TimeProvider Time { get; set; } = TimeProvider.System;

    public static async Task<ServerCluster> CreateAsync() => new(await PostgresTestDatabase.CreateAsync(), await FakeGitHubServer.StartAsync());

    /// <summary>The configuration server number <paramref name="index"/> starts with (also written to a file for a child process).</summary>
    public ServerConfig Config(int index, Func<ServerConfig, ServerConfig>? configure = null)
    {
        var repository = new RepositoryConfig(Payloads.Repository, Repo.Path, "main", ServerHarness.Secret, "gh-token", RepositoryConfig.DefaultCommenters, false,
            new Dictionary<string, string>());
        var config = new ServerConfig("http://127.0.0.1:0", Path.Combine(temp.Path, $"data-{index}"), null, GitHub.Url, 2, 4, false,
            new Dictionary<string, string> { ["test"] = ServerHarness.ApiToken }, [repository], TimeSpan.FromMilliseconds(200))
        {
            Database = new RunStoreLocation(RunStoreKind.Postgres, Database.ConnectionString, Database.Name),
            SharedDir = Path.Combine(temp.Path, "shared"),
            HeartbeatInterval = TimeSpan.FromMilliseconds(300),
            HeartbeatTimeout = TimeSpan.FromSeconds(3),
        };
        return configure?.Invoke(config) ?? config;
    }

    public async Task<RunningServer> StartAsync(int index, Func<ServerConfig, ServerConfig>? configure = null)
    {
        var server = await SluiceServer.StartAsync(Config(index, configure),
            new ServerOptions(Time, Microsoft.Extensions.Logging.LogLevel.Warning, TimeSpan.FromMilliseconds(20)), CancellationToken.None);
        servers.Add(server);
        return server;
    }

    public static HttpClient Client(string address)
    {
        var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ServerHarness.ApiToken);
        return http;
    }

    public static async Task<HttpResponseMessage> SendAsync(string address, string eventName, string body, string delivery)
    {
        using var http = Client(address);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/github") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-GitHub-Event", eventName);
        request.Headers.Add("X-GitHub-Delivery", delivery);
        request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(ServerHarness.Secret, Encoding.UTF8.GetBytes(body)));
        return await http.SendAsync(request);
    }

    /// <summary>Waits until the shared queue satisfies <paramref name="condition"/>, read through <paramref name="via"/>.</summary>
    public static Task<IReadOnlyList<QueueItem>> WaitForQueueAsync(RunningServer via, Func<IReadOnlyList<QueueItem>, bool> condition, int seconds = 60) =>
        WaitForQueueAsync(via.Storage, condition, seconds);

    public static async Task<IReadOnlyList<QueueItem>> WaitForQueueAsync(ServerStorage via, Func<IReadOnlyList<QueueItem>, bool> condition, int seconds = 60)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        IReadOnlyList<QueueItem> items = [];
        while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            items = (await via.Queue.ListAsync(new QueueQuery(1000), CancellationToken.None)).OrderBy(i => i.Id).ToList();
            if (condition(items))
            {
                return items;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("queue never reached the expected state: " + string.Join("; ", items.Select(i => $"{i.Id} {i.PipelineId} {i.State} {i.Owner} {i.Reason}")));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in servers)
        {
            await server.DisposeAsync();
        }

        await GitHub.DisposeAsync();
        await Database.DisposeAsync();
        temp.Dispose();
    }
}
