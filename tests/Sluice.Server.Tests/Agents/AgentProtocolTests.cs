using System.Net;
using System.Net.Http.Headers;
using Sluice.Engine.Agents;
using Sluice.Engine.Dispatch;
using Sluice.Engine.Storage;

namespace Sluice.Server.Tests.Agents;

/// <summary>The protocol's rules over real HTTP with the agent client: tokens, claims by label, fencing of stale lease holders.</summary>
public sealed class AgentProtocolTests
{
    private const string Pipeline = """
        name: agents
        on: [push, manual]
        jobs:
          one:
            run: echo one
        """;

    [Fact]
    public async Task Register_WithAWrongToken_IsRefused()
    {
        await using var harness = await AgentHarness.StartAsync(Pipeline);
        using var client = new AgentClient(new Uri(harness.Server.Server.Address), "not-an-agent-token");
        using var http = new HttpClient { BaseAddress = new Uri(harness.Server.Server.Address) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Support.ServerHarness.ApiToken);

        var welcome = await client.RegisterAsync(new AgentRegistration("x", [], 1), CancellationToken.None);
        using var withApiToken = await http.PostAsync("/agent/v1/claim", new StringContent("{\"name\":\"x\",\"labels\":[],\"waitSeconds\":0}", System.Text.Encoding.UTF8, "application/json"));

        welcome.ShouldBeNull();
        withApiToken.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Writes_FromAHolderWhoseLeaseExpired_AreRefusedWith409AndTheJobIsReLeased()
    {
        await using var harness = await AgentHarness.StartAsync(Pipeline);
        using var client = new AgentClient(new Uri(harness.Server.Server.Address), AgentHarness.Token);
        await client.RegisterAsync(new AgentRegistration("slow-agent", [], 1), CancellationToken.None);
        await harness.StartRunAsync();
        var first = await ClaimAsync(client, "slow-agent");
        var forged = first with { Token = first.Token + 1 };

        var forgedWrite = await client.PostAsync(forged, "outputs", new OutputsUpdate(new Dictionary<string, string>()), CancellationToken.None);
        var held = await client.RenewAsync(first, CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(3.5)); // lease 2 s, sweep every 0.5 s: expired and re-queued
        var staleLog = await client.PostAsync(first, "logs", new LogBatch([new LogEntry(1, 1, 1, TimeProvider.System.GetUtcNow(), "stdout", "from the past")]), CancellationToken.None);
        var staleRenew = await client.RenewAsync(first, CancellationToken.None);
        var staleComplete = await client.PostAsync(first, "complete", new JobReport(JobState.Succeeded, null, 1, null, null, new Dictionary<string, string>(), false, "", []), CancellationToken.None);
        var second = await ClaimAsync(client, "fresh-agent");
        var logs = await harness.LogTextAsync(first.RunId);

        forgedWrite.ShouldBe(WriteOutcome.Fenced);
        held.ShouldBe(LeaseStatus.Held);
        staleLog.ShouldBe(WriteOutcome.Fenced);
        staleRenew.ShouldBe(LeaseStatus.Lost);
        staleComplete.ShouldBe(WriteOutcome.Fenced);
        second.Id.ShouldBe(first.Id);
        second.Attempt.ShouldBe(2);
        second.Token.ShouldBeGreaterThan(first.Token);
        logs.ShouldNotContain("from the past");
    }

    private static async Task<ClaimedTicket> ClaimAsync(AgentClient client, string name)
    {
        for (var i = 0; i < 20; i++)
        {
            if (await client.ClaimAsync(new ClaimRequest(name, [], 1), CancellationToken.None) is { } ticket)
            {
                return ticket;
            }
        }

        throw new TimeoutException("no job to claim");
    }
}
