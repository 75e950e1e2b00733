using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Sluice.Engine.Agents;
using Sluice.Engine.Dispatch;
using Sluice.Engine.Storage;
using Sluice.Server.Agents;
using Sluice.Server.Queue;
using Sluice.Server.Tests.Support;

namespace Sluice.Server.Tests.Agents;

/// <summary>
/// A server in agent mode (SQLite, real HTTP on 127.0.0.1) with short leases (2 s, swept every 0.5 s), the test repository
/// holding <c>.sluice/agents.yml</c>, and helpers to start in-process agents over real HTTP and to read a run's history.
/// </summary>
internal sealed class AgentHarness : IAsyncDisposable
{
    public const string Token = "agent-token-0123456789abcdef";

    private readonly List<InProcessAgent> agents = [];

    private AgentHarness(ServerHarness server) => Server = server;

    public ServerHarness Server { get; }

    public IRunStore Runs => Server.Server.Storage.Runs;

    /// <param name="arrange">More commits or refs in the test repository before the server starts.</param>
    public static async Task<AgentHarness> StartAsync(string pipeline, Func<AgentSettings, AgentSettings>? configure = null, Action<TestRepo>? arrange = null)
    {
        var server = await ServerHarness.CreateAsync();
        server.Repo.Commit("pipelines", (".sluice/agents.yml", pipeline), ("README.md", "hello from the repository\n"));
        arrange?.Invoke(server.Repo);
        var settings = AgentSettings.Default(new Dictionary<string, string> { ["test"] = Token }) with
        {
            Lease = TimeSpan.FromSeconds(2),
            SweepInterval = TimeSpan.FromMilliseconds(500),
            PickupLimit = TimeSpan.FromSeconds(60),
            MaxClaimWait = TimeSpan.FromSeconds(2),
        };
        await server.StartAsync(c => c with { Agents = configure?.Invoke(settings) ?? settings });
        return new AgentHarness(server);
    }

    /// <summary>An agent in this process talking to the server over real HTTP.</summary>
    public InProcessAgent StartAgent(string name, string[]? labels = null, HttpMessageHandler? handler = null, int capacity = 1)
    {
        var agent = InProcessAgent.Start(new Uri(Server.Server.Address), Token, name, labels ?? [], capacity, handler);
        agents.Add(agent);
        return agent;
    }

    /// <summary>Starts the pipeline through the API (a manual run); returns the queue id.</summary>
    public async Task<long> StartRunAsync(string pipeline = "agents")
    {
        using var response = await Server.Http.PostAsJsonAsync("/api/runs", new { repository = Payloads.Repository, pipeline });
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue(text);
        return JsonNode.Parse(text)!["queueId"]!.GetValue<long>();
    }

    public async Task<QueueItem> WaitForRunAsync(long queueId, int seconds = 60) =>
        (await Server.WaitForQueueAsync(items => items.Any(i => i.Id == queueId && i.IsTerminal), seconds)).Single(i => i.Id == queueId);

    /// <summary>Waits until the run of the queue item has a job in <paramref name="state"/>; returns the run id.</summary>
    public async Task<long> WaitForJobAsync(long queueId, string jobKey, JobState state, int seconds = 30)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            var item = (await Server.WaitForQueueAsync(items => items.Any(i => i.Id == queueId && i.RunId is not null), seconds)).Single(i => i.Id == queueId);
            var jobs = await Runs.GetJobsAsync(item.RunId!.Value, CancellationToken.None);
            if (jobs.Any(j => j.Key == jobKey && j.State == state))
            {
                return item.RunId.Value;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"job {jobKey} never reached {state}");
    }

    /// <summary>Claims a job for <paramref name="name"/> with the client (short polls, up to 20), or fails the test.</summary>
    public static async Task<ClaimedTicket> ClaimAsync(AgentClient client, string name, IReadOnlyList<string>? labels = null)
    {
        for (var i = 0; i < 20; i++)
        {
            if (await client.ClaimAsync(new ClaimRequest(name, labels ?? [], 1), CancellationToken.None) is { } ticket)
            {
                return ticket;
            }
        }

        throw new TimeoutException("no job to claim");
    }

    /// <summary>Every ticket of the server's job queue (ids are numbered from 1).</summary>
    public async Task<List<DispatchedJob>> TicketsAsync()
    {
        var tickets = new List<DispatchedJob>();
        for (var id = 1L; await Server.Server.Storage.Jobs.GetAsync(id, CancellationToken.None) is { } ticket; id++)
        {
            tickets.Add(ticket);
        }

        return tickets;
    }

    public async Task<IReadOnlyList<LogLine>> LogsAsync(long runId) => await Runs.GetLogsAsync(runId, null, 0, 100_000, CancellationToken.None);

    public async Task<string> LogTextAsync(long runId) => string.Join("\n", (await LogsAsync(runId)).Select(l => l.Text));

    public async ValueTask DisposeAsync()
    {
        foreach (var agent in agents)
        {
            await agent.DisposeAsync();
        }

        await Server.DisposeAsync();
    }
}
