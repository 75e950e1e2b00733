using System.Diagnostics;
using Sluice.Engine.Storage;
using Sluice.Server.Queue;

namespace Sluice.Server.Tests.Agents;

/// <summary>The real <c>sluice agent</c> executable against a server in agent mode: <c>--once</c>, SIGTERM, SIGKILL mid-job.</summary>
public sealed class AgentProcessTests
{
    [Fact]
    public async Task Once_TakesOneJobRunsItAndExits0()
    {
        await using var harness = await AgentHarness.StartAsync("""
            name: agents
            on: [push, manual]
            jobs:
              first:
                run: echo "first ran"
              second:
                run: echo "second ran"
            """);
        using var agent = await AgentProcess.StartAsync(harness.Server.Server.Address, AgentHarness.Token, "once-agent", "--once");
        var queueId = await harness.StartRunAsync();

        var exit = await agent.WaitForExitAsync(TimeSpan.FromSeconds(60));
        await Task.Delay(500);
        var runId = (await harness.Server.WaitForQueueAsync(items => items.Any(i => i.Id == queueId && i.RunId is not null))).Single(i => i.Id == queueId).RunId!.Value;
        var states = (await harness.Runs.GetJobsAsync(runId, CancellationToken.None)).Select(j => j.State).ToList();
        harness.StartAgent("finisher");
        var item = await harness.WaitForRunAsync(queueId);

        exit.ShouldBe(0, agent.Output);
        states.Count(s => s == JobState.Succeeded).ShouldBe(1);
        states.Count(s => s is JobState.Pending or JobState.Queued).ShouldBe(1);
        agent.Output.ShouldContain("exiting after 1 job(s), 0 not successful");
        item.State.ShouldBe(QueueState.Succeeded);
    }

    [Fact]
    public async Task Sigterm_WhileAJobRuns_TheJobFinishesAndTheAgentExits0()
    {
        await using var harness = await AgentHarness.StartAsync("""
            name: agents
            on: [push, manual]
            jobs:
              slow:
                run: |
                  sleep 2
                  echo "finished after the signal"
            """);
        using var agent = await AgentProcess.StartAsync(harness.Server.Server.Address, AgentHarness.Token, "term-agent");
        var queueId = await harness.StartRunAsync();
        await harness.WaitForJobAsync(queueId, "slow", JobState.Running);
        await WaitForOutputAsync(agent, "(slow, run");

        await agent.TerminateAsync();
        var exit = await agent.WaitForExitAsync(TimeSpan.FromSeconds(30));
        var item = await harness.WaitForRunAsync(queueId, 10);

        exit.ShouldBe(0, agent.Output);
        item.State.ShouldBe(QueueState.Succeeded);
        (await harness.LogTextAsync(item.RunId!.Value)).ShouldContain("finished after the signal");
        agent.Output.ShouldContain("stopping: no new jobs");
    }

    [Fact]
    public async Task Sigkill_MidJob_TheJobIsReLeasedToAnotherAgentAndCompletes()
    {
        await using var harness = await AgentHarness.StartAsync("""
            name: agents
            on: [push, manual]
            jobs:
              work:
                run: |
                  echo "working"
                  sleep 1
                  echo "work done"
            """);
        using var doomed = await AgentProcess.StartAsync(harness.Server.Server.Address, AgentHarness.Token, "doomed-agent");
        var queueId = await harness.StartRunAsync();
        var runId = await harness.WaitForJobAsync(queueId, "work", JobState.Running);
        await WaitForOutputAsync(doomed, "(work, run");

        doomed.Kill();
        var killedAt = Stopwatch.StartNew();
        harness.StartAgent("rescuer");
        var item = await harness.WaitForRunAsync(queueId, 30);
        var recovered = killedAt.Elapsed;
        var text = await harness.LogTextAsync(runId);
        var job = (await harness.Runs.GetJobsAsync(runId, CancellationToken.None)).Single();

        item.State.ShouldBe(QueueState.Succeeded, text);
        job.State.ShouldBe(JobState.Succeeded);
        text.ShouldContain("job re-leased to agent rescuer (lease attempt 2");
        text.ShouldContain("work done");
        // Lease (2 s) + sweep interval (0.5 s) + the job itself (1 s) + slack for a busy machine.
        recovered.ShouldBeLessThan(TimeSpan.FromSeconds(8));
    }

    /// <summary>Waits until the agent printed <paramref name="text"/> (it took the job, not only the server's claim row).</summary>
    private static async Task WaitForOutputAsync(AgentProcess agent, string text)
    {
        var clock = Stopwatch.StartNew();
        while (!agent.Output.Contains(text, StringComparison.Ordinal))
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException($"the agent never printed `{text}`:\n{agent.Output}");
            }

            await Task.Delay(50);
        }
    }
}
