using Sluice.Engine.Deployments;

namespace Sluice.Engine.Tests.Deployments;

/// <summary>One deployment per environment at a time; the others wait in a FIFO queue and are shown as queued.</summary>
public sealed class QueueRunTests
{
    private static string Pipeline(string version, string environment = "staging") => $$"""
        on: push
        jobs:
          deploy:
            environment: {{environment}}
            env:
              SLUICE_VERSION: {{version}}
            run: |
              echo "start $SLUICE_VERSION" >> order.txt
              sleep 0.4
              echo "end $SLUICE_VERSION" >> order.txt
        """;

    [Fact]
    public async Task Queue_RunsOneAtATime_InRequestOrder_AndShowsTheOthersAsQueued()
    {
        await using var h = new DeployHarness();

        var first = h.RunAsync(Pipeline("v1"));
        await h.WaitForAsync("staging", d => d.State == DeploymentState.InProgress);
        var second = h.RunAsync(Pipeline("v2"));
        await h.WaitForAsync("staging", d => d.State == DeploymentState.Queued, index: 1);
        var third = h.RunAsync(Pipeline("v3"));
        await h.WaitForAsync("staging", d => d.State == DeploymentState.Queued, index: 2);
        var status = (await h.Commands.StatusAsync(Core.Deployments.EnvironmentsConfig.None, CancellationToken.None)).ShouldHaveSingleItem();
        await Task.WhenAll(first, second, third);

        status.Active.Select(d => (d.Version, d.State)).ShouldBe([("v1", DeploymentState.InProgress), ("v2", DeploymentState.Queued), ("v3", DeploymentState.Queued)]);
        h.Lines("order.txt").ShouldBe(["start v1", "end v1", "start v2", "end v2", "start v3", "end v3"]);
        var history = await h.HistoryAsync("staging");
        history.Select(d => d.State).ShouldAllBe(s => s == DeploymentState.Succeeded);
        history.Select(d => (d.Version, d.PreviousVersion)).ShouldBe([("v3", "v2"), ("v2", "v1"), ("v1", null)], "each replaced what ran when it started, not when it was requested");
        h.Notes((await second).RunId).ShouldContain(n => n.StartsWith("deploy: queued: 1 deployment(s) to staging ahead", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Queue_OtherEnvironments_DoNotWait()
    {
        await using var h = new DeployHarness();

        var staging = h.RunAsync(Pipeline("v1", "staging"));
        await h.WaitForAsync("staging", d => d.State == DeploymentState.InProgress);
        var production = h.RunAsync(Pipeline("v1", "production"));
        var started = await h.WaitForAsync("production", d => d.State is DeploymentState.InProgress or DeploymentState.Succeeded);
        var stagingState = (await h.HistoryAsync("staging"))[0].State;
        await Task.WhenAll(staging, production);

        started.ShouldNotBeNull();
        stagingState.ShouldBe(DeploymentState.InProgress);
    }

    [Fact]
    public async Task Queue_ADeadOwnersDeployment_DoesNotHoldTheEnvironment()
    {
        await using var h = new DeployHarness();
        var now = DateTimeOffset.UnixEpoch.AddYears(55);
        var orphan = await h.Deployments.CreateAsync(new NewDeployment("staging", "v0", null, null, null, "test", "ci", 1, "deploy", "x", "auto", "none", null,
            $"{Environment.MachineName}:999999999:1", null, 1, now), DeploymentState.InProgress, null, CancellationToken.None);

        var result = await h.RunAsync(Pipeline("v1"));

        result.Succeeded.ShouldBeTrue();
        var interrupted = (await h.Deployments.GetAsync(orphan, CancellationToken.None))!;
        interrupted.State.ShouldBe(DeploymentState.Interrupted);
        interrupted.Reason.ShouldBe("interrupted: the process running it is gone");
    }
}
