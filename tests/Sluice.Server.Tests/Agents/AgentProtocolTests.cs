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
        var first = await AgentHarness.ClaimAsync(client, "slow-agent");
        var forged = first with { Token = first.Token + 1 };

        var forgedWrite = await client.PostAsync(forged, "outputs", new OutputsUpdate(new Dictionary<string, string>()), CancellationToken.None);
        var held = await client.RenewAsync(first, CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(3.5)); // lease 2 s, sweep every 0.5 s: expired and re-queued
        var staleLog = await client.PostAsync(first, "logs", new LogBatch([new LogEntry(1, 1, 1, TimeProvider.System.GetUtcNow(), "stdout", "from the past")]), CancellationToken.None);
        var staleHistory = await client.PostAsync(first, "history", new HistoryBatch([new HistoryWrite(Logs: new LogBatch([new LogEntry(2, 1, 1, TimeProvider.System.GetUtcNow(), "stdout", "batched from the past")]))]), CancellationToken.None);
        var staleRenew = await client.RenewAsync(first, CancellationToken.None);
        var staleComplete = await client.PostAsync(first, "complete", new JobReport(JobState.Succeeded, null, 1, null, null, new Dictionary<string, string>(), false, "", []), CancellationToken.None);
        var second = await AgentHarness.ClaimAsync(client, "fresh-agent");
        var logs = await harness.LogTextAsync(first.RunId);

        forgedWrite.ShouldBe(WriteOutcome.Fenced);
        held.ShouldBe(LeaseStatus.Held);
        staleLog.ShouldBe(WriteOutcome.Fenced);
        staleHistory.ShouldBe(WriteOutcome.Fenced);
        staleRenew.ShouldBe(LeaseStatus.Lost);
        staleComplete.ShouldBe(WriteOutcome.Fenced);
        second.Id.ShouldBe(first.Id);
        second.Attempt.ShouldBe(2);
        second.Token.ShouldBeGreaterThan(first.Token);
        logs.ShouldNotContain("from the past");
    }

    [Fact]
    public async Task History_OneBatchOfWrites_StoresEachInOrderAndSentAgainAddsNothing()
    {
        await using var harness = await AgentHarness.StartAsync(Pipeline);
        using var client = new AgentClient(new Uri(harness.Server.Server.Address), AgentHarness.Token);
        await client.RegisterAsync(new AgentRegistration("batching-agent", [], 1), CancellationToken.None);
        await harness.StartRunAsync();
        var ticket = await AgentHarness.ClaimAsync(client, "batching-agent");
        var at = TimeProvider.System.GetUtcNow();
        var batch = new HistoryBatch([
            new HistoryWrite(State: new StateUpdate(JobState.Running, null, 1, at, null)),
            new HistoryWrite(Step: new StepUpdate(1, 0, "batched step", StepState.Succeeded, 0, at, at)),
            new HistoryWrite(Logs: new LogBatch([new LogEntry(1, 1, 0, at, "stdout", "first"), new LogEntry(2, 1, 0, at, "stdout", "second")])),
            new HistoryWrite(Outputs: new OutputsUpdate(new Dictionary<string, string> { ["answer"] = "42" })),
            new HistoryWrite(State: new StateUpdate(JobState.Succeeded, null, 1, at, at)),
        ]);

        var sent = await client.PostAsync(ticket, "history", batch, CancellationToken.None);
        var again = await client.PostAsync(ticket, "history", batch, CancellationToken.None);
        var lines = await harness.LogsAsync(ticket.RunId);
        var steps = await harness.Runs.GetStepsAsync(ticket.RunId, ticket.JobKey, CancellationToken.None);
        var job = (await harness.Runs.GetJobsAsync(ticket.RunId, CancellationToken.None)).Single(j => j.Key == ticket.JobKey);

        sent.ShouldBe(WriteOutcome.Done);
        again.ShouldBe(WriteOutcome.Done);
        lines.Select(l => l.Text).ShouldBe(["first", "second"]);
        steps.Select(s => (s.Name, s.State)).ShouldBe([("batched step", StepState.Succeeded)]);
        job.State.ShouldBe(JobState.Succeeded);
        job.Outputs["answer"].ShouldBe("42");
    }

    [Fact]
    public async Task Complete_WithTheHeldHistory_StoresItThenEndsTheTicketAndSentAgainIsStillDone()
    {
        await using var harness = await AgentHarness.StartAsync(Pipeline);
        using var client = new AgentClient(new Uri(harness.Server.Server.Address), AgentHarness.Token);
        await client.RegisterAsync(new AgentRegistration("completing-agent", [], 1), CancellationToken.None);
        await harness.StartRunAsync();
        var ticket = await AgentHarness.ClaimAsync(client, "completing-agent");
        var at = TimeProvider.System.GetUtcNow();
        var history = new HistoryBatch([
            new HistoryWrite(Step: new StepUpdate(1, 0, "held step", StepState.Succeeded, 0, at, at)),
            new HistoryWrite(Logs: new LogBatch([new LogEntry(1, 1, 0, at, "stdout", "held line")])),
            new HistoryWrite(State: new StateUpdate(JobState.Succeeded, null, 1, at, at)),
        ]);
        var completion = new JobCompletion(new JobReport(JobState.Succeeded, null, 1, at, at, new Dictionary<string, string> { ["v"] = "1" }, false, "", []), history);

        var sent = await client.PostAsync(ticket, "complete", completion, CancellationToken.None);
        var again = await client.PostAsync(ticket, "complete", completion, CancellationToken.None);
        var renewed = await client.RenewAsync(ticket, CancellationToken.None);
        var forged = await client.RenewAsync(ticket with { Token = ticket.Token + 1 }, CancellationToken.None);
        var ended = await harness.Server.Server.Storage.Jobs.GetAsync(ticket.Id, CancellationToken.None);
        var lines = await harness.LogsAsync(ticket.RunId);
        var steps = await harness.Runs.GetStepsAsync(ticket.RunId, ticket.JobKey, CancellationToken.None);

        sent.ShouldBe(WriteOutcome.Done);
        again.ShouldBe(WriteOutcome.Done);
        renewed.ShouldBe(LeaseStatus.Completed);
        forged.ShouldBe(LeaseStatus.Lost);
        ended!.State.ShouldBe(DispatchState.Succeeded);
        lines.Select(l => l.Text).ShouldBe(["held line"]);
        steps.Select(s => s.Name).ShouldBe(["held step"]);
    }

    [Fact]
    public async Task Complete_ABareReportAsOlderAgentsSendIt_EndsTheTicket()
    {
        await using var harness = await AgentHarness.StartAsync(Pipeline);
        using var client = new AgentClient(new Uri(harness.Server.Server.Address), AgentHarness.Token);
        await client.RegisterAsync(new AgentRegistration("old-agent", [], 1), CancellationToken.None);
        await harness.StartRunAsync();
        var ticket = await AgentHarness.ClaimAsync(client, "old-agent");

        var sent = await client.PostAsync(ticket, "complete", new JobReport(JobState.Failed, "exit 3", 1, null, null, new Dictionary<string, string>(), false, "", []), CancellationToken.None);
        var ended = await harness.Server.Server.Storage.Jobs.GetAsync(ticket.Id, CancellationToken.None);

        sent.ShouldBe(WriteOutcome.Done);
        ended!.State.ShouldBe(DispatchState.Failed);
        ended.ResultJson!.ShouldContain("exit 3");
    }

    [Fact]
    public async Task History_AWriteWithNoPart_IsRefusedWith400AndNothingIsStored()
    {
        await using var harness = await AgentHarness.StartAsync(Pipeline);
        using var client = new AgentClient(new Uri(harness.Server.Server.Address), AgentHarness.Token);
        await client.RegisterAsync(new AgentRegistration("broken-agent", [], 1), CancellationToken.None);
        await harness.StartRunAsync();
        var ticket = await AgentHarness.ClaimAsync(client, "broken-agent");
        var batch = new HistoryBatch([
            new HistoryWrite(Logs: new LogBatch([new LogEntry(1, 1, 0, TimeProvider.System.GetUtcNow(), "stdout", "before the broken write")])),
            new HistoryWrite(),
        ]);

        var refused = await Should.ThrowAsync<HttpRequestException>(() => client.PostAsync(ticket, "history", batch, CancellationToken.None));
        var lines = await harness.LogsAsync(ticket.RunId);

        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        lines.ShouldBeEmpty();
    }
}
