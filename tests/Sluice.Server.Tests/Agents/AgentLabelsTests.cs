using Sluice.Engine.Storage;
using Sluice.Server.Queue;

namespace Sluice.Server.Tests.Agents;

/// <summary>Routing by <c>runs-on</c>: a job goes only to an agent that has every one of its labels.</summary>
public sealed class AgentLabelsTests
{
    private const string Pipeline = """
        name: agents
        on: [push, manual]
        jobs:
          train:
            runs-on: [gpu]
            run: echo "training on the gpu"
        """;

    [Fact]
    public async Task Job_RunsOnGpu_WaitsForAnAgentWithThatLabel()
    {
        await using var harness = await AgentHarness.StartAsync(Pipeline);
        var cpu = harness.StartAgent("cpu-agent", ["linux"]);
        var queueId = await harness.StartRunAsync();
        await Task.Delay(2500);
        var waiting = (await harness.Server.WaitForQueueAsync(items => items.Any(i => i.Id == queueId))).Single(i => i.Id == queueId);

        var gpu = harness.StartAgent("gpu-agent", ["linux", "gpu"]);
        var item = await harness.WaitForRunAsync(queueId);

        waiting.IsTerminal.ShouldBeFalse();
        item.State.ShouldBe(QueueState.Succeeded);
        (await harness.LogTextAsync(item.RunId!.Value)).ShouldContain("training on the gpu");
        cpu.Log.ShouldNotContain(l => l.Contains("started", StringComparison.Ordinal));
        gpu.Log.ShouldContain(l => l.Contains("(train, run", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Job_RunsOnGpu_NoSuchAgent_FailsAfterThePickupLimitWithThatReason()
    {
        await using var harness = await AgentHarness.StartAsync(Pipeline, s => s with { PickupLimit = TimeSpan.FromSeconds(1) });
        harness.StartAgent("cpu-agent", ["linux"]);

        var item = await harness.WaitForRunAsync(await harness.StartRunAsync());
        var job = (await harness.Runs.GetJobsAsync(item.RunId!.Value, CancellationToken.None)).Single();

        item.State.ShouldBe(QueueState.Failed);
        job.State.ShouldBe(JobState.Failed);
        job.Reason.ShouldBe("no agent with labels `gpu` picked it up within 1s");
    }
}
