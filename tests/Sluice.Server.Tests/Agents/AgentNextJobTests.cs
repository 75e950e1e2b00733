using System.Collections.Concurrent;
using System.Net;
using Sluice.Engine.Agents;
using Sluice.Engine.Dispatch;
using Sluice.Engine.Storage;

namespace Sluice.Server.Tests.Agents;

/// <summary>
/// A completion that asks for the agent's next job gets it in the answer, leased like a claim, only once the finished
/// job is ended and only if the agent's labels satisfy it; a busy agent then needs no claim request per job.
/// </summary>
public sealed class AgentNextJobTests
{
    private const string Pipeline = """
        name: agents
        on: [push, manual]
        jobs:
          one:
            run: echo one
          two:
            run: echo two
          gpu:
            runs-on: [gpu]
            run: echo gpu
        """;

    [Fact]
    public async Task Complete_AskingForTheNextJob_AnswersWithAJobLeasedToTheAgentAndNeverOneItsLabelsLack()
    {
        await using var harness = await AgentHarness.StartAsync(Pipeline);
        using var client = new AgentClient(new Uri(harness.Server.Server.Address), AgentHarness.Token);
        await client.RegisterAsync(new AgentRegistration("busy-agent", [], 1), CancellationToken.None);
        await harness.StartRunAsync();
        var first = await AgentHarness.ClaimAsync(client, "busy-agent");
        await WaitForQueuedAsync(harness, 2);

        var (sent, next) = await client.CompleteAsync(first, Completion("busy-agent"), CancellationToken.None);
        var (lastSent, none) = await client.CompleteAsync(next!, Completion("busy-agent"), CancellationToken.None);
        var tickets = await harness.TicketsAsync();

        sent.ShouldBe(WriteOutcome.Done);
        next.ShouldNotBeNull();
        new[] { first.JobKey, next.JobKey }.Order(StringComparer.Ordinal).ShouldBe(["one", "two"]);
        next.Payload.JobKey.ShouldBe(next.JobKey);
        lastSent.ShouldBe(WriteOutcome.Done);
        none.ShouldBeNull();
        tickets.Single(t => t.Ticket.JobKey == next.JobKey).State.ShouldBe(DispatchState.Succeeded);
        tickets.Single(t => t.Ticket.JobKey == "gpu").State.ShouldBe(DispatchState.Queued);
    }

    [Fact]
    public async Task Complete_FromAStaleHolderAskingForTheNextJob_IsRefusedAndLeasesNothing()
    {
        await using var harness = await AgentHarness.StartAsync(Pipeline);
        using var client = new AgentClient(new Uri(harness.Server.Server.Address), AgentHarness.Token);
        await client.RegisterAsync(new AgentRegistration("stale-agent", ["gpu"], 1), CancellationToken.None);
        await harness.StartRunAsync();
        var first = await AgentHarness.ClaimAsync(client, "stale-agent", ["gpu"]);
        await WaitForQueuedAsync(harness, 2);

        var (sent, next) = await client.CompleteAsync(first with { Token = first.Token + 1 }, Completion("stale-agent", ["gpu"]), CancellationToken.None);
        var tickets = await harness.TicketsAsync();

        sent.ShouldBe(WriteOutcome.Fenced);
        next.ShouldBeNull();
        tickets.Count(t => t.State == DispatchState.Queued).ShouldBe(2);
    }

    [Fact]
    public async Task Complete_WithABrokenHistoryWrite_IsRefusedAndNeitherEndsTheTicketNorLeasesTheNext()
    {
        await using var harness = await AgentHarness.StartAsync(Pipeline);
        using var client = new AgentClient(new Uri(harness.Server.Server.Address), AgentHarness.Token);
        await client.RegisterAsync(new AgentRegistration("busy-agent", [], 1), CancellationToken.None);
        await harness.StartRunAsync();
        var first = await AgentHarness.ClaimAsync(client, "busy-agent");
        await WaitForQueuedAsync(harness, 2);
        var broken = Completion("busy-agent") with { History = new HistoryBatch([new HistoryWrite()]) };

        var refused = await Should.ThrowAsync<HttpRequestException>(() => client.CompleteAsync(first, broken, CancellationToken.None));
        var tickets = await harness.TicketsAsync();

        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        tickets.Single(t => t.Id == first.Id).State.ShouldBe(DispatchState.Leased);
        tickets.Count(t => t.State == DispatchState.Queued).ShouldBe(2);
    }

    [Fact]
    public async Task Agent_WithOneSlotAndABacklog_RunsEachNextJobFromTheCompletionWithoutClaimingAgain()
    {
        await using var harness = await AgentHarness.StartAsync(IndependentJobs("a", "b", "c", "d"));
        var queueId = await harness.StartRunAsync();
        await WaitForQueuedAsync(harness, 4);
        var requests = new CountingHandler(new SocketsHttpHandler());

        var agent = harness.StartAgent("one-slot", handler: requests, capacity: 1); // disposed with the harness
        var item = await harness.WaitForRunAsync(queueId);
        var result = await agent.StopAsync();

        var jobs = await harness.Runs.GetJobsAsync(item.RunId!.Value, CancellationToken.None);
        jobs.Select(j => j.State).ShouldBe([JobState.Succeeded, JobState.Succeeded, JobState.Succeeded, JobState.Succeeded]);
        result.Jobs.ShouldBe(4);
        requests.Answered("/complete", HttpStatusCode.OK).ShouldBe(3, "the first three completions each brought the next job");
        requests.Answered("/complete", HttpStatusCode.NoContent).ShouldBe(1);
        requests.Answered("/claim", HttpStatusCode.OK).ShouldBe(1, "only the first job was claimed");
    }

    [Fact]
    public async Task Agent_WhoseCompletionAnswerWithTheNextJobIsLost_GetsTheSameJobOnTheRetryAndNothingIsReLeased()
    {
        await using var harness = await AgentHarness.StartAsync(IndependentJobs("a", "b", "c"));
        var queueId = await harness.StartRunAsync();
        await WaitForQueuedAsync(harness, 3);
        var losing = new LoseFirstNextJobAnswer(new SocketsHttpHandler());

        harness.StartAgent("unlucky", handler: losing, capacity: 1); // disposed with the harness
        var item = await harness.WaitForRunAsync(queueId);
        var tickets = await harness.TicketsAsync();
        var log = await harness.LogTextAsync(item.RunId!.Value);

        losing.Lost.ShouldBe(1);
        tickets.Count.ShouldBe(3);
        tickets.ShouldAllBe(t => t.State == DispatchState.Succeeded && t.Attempt == 1);
        log.ShouldNotContain("re-leased");
    }

    /// <summary>A succeeded job's completion that asks for <paramref name="agent"/>'s next job.</summary>
    private static JobCompletion Completion(string agent, IReadOnlyList<string>? labels = null)
    {
        var at = TimeProvider.System.GetUtcNow();
        return new JobCompletion(new JobReport(JobState.Succeeded, null, 1, at, at, new Dictionary<string, string>(), false, "", []), null,
            new ClaimRequest(agent, labels ?? [], 0));
    }

    /// <summary>A pipeline of independent jobs, one per key, each echoing its key.</summary>
    private static string IndependentJobs(params string[] keys) =>
        "name: agents\non: [push, manual]\njobs:\n" + string.Concat(keys.Select(k => $"  {k}: {{ run: echo {k} }}\n"));

    private static async Task WaitForQueuedAsync(AgentHarness harness, int count)
    {
        for (var i = 0; i < 200; i++)
        {
            var queued = (await harness.TicketsAsync()).Count(t => t.State == DispatchState.Queued);
            if (queued >= count)
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"fewer than {count} tickets were queued");
    }

    /// <summary>Drops the first answer of a completion that carries the next job, as a broken connection would.</summary>
    private sealed class LoseFirstNextJobAnswer(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private int lost;

        public int Lost => lost;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.RequestUri!.AbsolutePath.EndsWith("/complete", StringComparison.Ordinal) && response.StatusCode == HttpStatusCode.OK
                && Interlocked.CompareExchange(ref lost, 1, 0) == 0)
            {
                response.Dispose();
                throw new HttpRequestException("the answer was lost on the way back");
            }

            return response;
        }
    }

    private sealed class CountingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private readonly ConcurrentQueue<(string Path, HttpStatusCode Status)> answers = new();

        public int Answered(string suffix, HttpStatusCode status) => answers.Count(a => a.Path.EndsWith(suffix, StringComparison.Ordinal) && a.Status == status);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            answers.Enqueue((request.RequestUri!.AbsolutePath, response.StatusCode));
            return response;
        }
    }
}
