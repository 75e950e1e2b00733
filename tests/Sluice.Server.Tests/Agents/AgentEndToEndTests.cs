using Sluice.Engine.Storage;
using Sluice.Server.Queue;

namespace Sluice.Server.Tests.Agents;

/// <summary>A server in agent mode and agents in this process over real HTTP: the whole path of a run's jobs through the job queue.</summary>
public sealed class AgentEndToEndTests : IAsyncLifetime
{
    private const string Pipeline = """
        name: agents
        on: [push, manual]
        jobs:
          build:
            run: |
              echo "building $SLUICE_SHA"
              mkdir -p out && echo "artifact-content" > out/result.txt
              echo "version=1.2.3" >> "$SLUICE_OUTPUT"
            outputs: [version]
            artifacts: [out/]
          test:
            needs: [build]
            run: |
              cat "$SLUICE_ARTIFACTS/out/result.txt"
              echo "needs version ${{ needs.build.outputs.version }}"
              cat README.md
        """;

    private AgentHarness harness = null!;

    public async Task InitializeAsync() => harness = await AgentHarness.StartAsync(Pipeline);

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Fact]
    public async Task Run_InAgentMode_JobsRunOnTheAgentWithSourceOutputsAndArtifacts()
    {
        harness.StartAgent("agent-1");

        var item = await harness.WaitForRunAsync(await harness.StartRunAsync());
        var runId = item.RunId!.Value;
        var jobs = await harness.Runs.GetJobsAsync(runId, CancellationToken.None);
        var text = await harness.LogTextAsync(runId);
        var artifacts = await harness.Runs.GetArtifactsAsync(runId, CancellationToken.None);
        var steps = await harness.Runs.GetStepsAsync(runId, null, CancellationToken.None);

        item.State.ShouldBe(QueueState.Succeeded, text);
        jobs.Select(j => (j.Key, j.State)).ShouldBe([("build", JobState.Succeeded), ("test", JobState.Succeeded)]);
        text.ShouldContain("building ");
        text.ShouldContain("artifact-content");
        text.ShouldContain("needs version 1.2.3");
        text.ShouldContain("hello from the repository");
        artifacts.Select(a => (a.JobKey, a.Path)).ShouldBe([("build", "out/result.txt")]);
        harness.Server.Server.Storage.State.Blobs().Open(artifacts[0].Sha256).ShouldNotBeNull().Dispose();
        steps.Select(s => (s.JobKey, s.State)).ShouldBe([("build", StepState.Succeeded), ("test", StepState.Succeeded)]);
    }

    [Fact]
    public async Task Run_WithoutAnyAgent_WaitsInTheQueueUntilOneComes()
    {
        var queueId = await harness.StartRunAsync();
        await Task.Delay(1500);
        var waiting = (await harness.Server.WaitForQueueAsync(items => items.Any(i => i.Id == queueId))).Single(i => i.Id == queueId);

        harness.StartAgent("late-agent");
        var item = await harness.WaitForRunAsync(queueId);

        waiting.IsTerminal.ShouldBeFalse();
        item.State.ShouldBe(QueueState.Succeeded);
    }

    [Fact]
    public async Task Run_WithLocalCapacity_TheServersOwnWorkerRunsTheJobs()
    {
        await using var local = await AgentHarness.StartAsync(Pipeline, s => s with { LocalCapacity = 2 });

        var item = await local.WaitForRunAsync(await local.StartRunAsync());

        item.State.ShouldBe(QueueState.Succeeded);
        (await local.LogTextAsync(item.RunId!.Value)).ShouldContain("needs version 1.2.3");
    }
}
