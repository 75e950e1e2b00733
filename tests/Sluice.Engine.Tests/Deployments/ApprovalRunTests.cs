using Sluice.Engine.Deployments;
using Sluice.Engine.Storage;

namespace Sluice.Engine.Tests.Deployments;

/// <summary>Environment approvals on real runs: N of M, self-approval, rejection, and the timeout on a fake clock.</summary>
public sealed class ApprovalRunTests
{
    private const string Pipeline = """
        on: push
        jobs:
          deploy:
            environment: production
            env:
              SLUICE_VERSION: 2.0.0
            run: echo deployed > deployed.txt
        """;

    private static string Environments(int required, string timeout = "1d") => $$"""
        environments:
          production:
            approval:
              reviewers: [alice, bob, carol]
              required: {{required}}
              timeout: {{timeout}}
        """;

    [Fact]
    public async Task TwoOfThree_StartsOnlyAfterTheSecondApproval_AndRecordsWhoApproved()
    {
        await using var h = new DeployHarness();
        var run = h.RunAsync(Pipeline, Environments(2));
        var waiting = await h.WaitForAsync("production", d => d.State == DeploymentState.WaitingApproval && d.PendingApproval is not null);

        var alice = await h.Commands.DecideAsync(waiting.RunId, "deploy", "alice", true, "looks good", CancellationToken.None);
        await Task.Delay(150);
        var afterOne = (await h.Deployments.GetAsync(waiting.Id, CancellationToken.None))!;
        var deployedAfterOne = h.Exists("deployed.txt");
        var aliceAgain = await h.Commands.DecideAsync(waiting.RunId, "deploy", "ALICE", true, null, CancellationToken.None);
        var bob = await h.Commands.DecideAsync(waiting.RunId, "deploy", "bob", true, null, CancellationToken.None);
        var result = await run;

        alice.Recorded.ShouldBeTrue(alice.Message);
        afterOne.State.ShouldBe(DeploymentState.WaitingApproval);
        deployedAfterOne.ShouldBeFalse();
        aliceAgain.Recorded.ShouldBeFalse();
        aliceAgain.Message.ShouldBe("ALICE has already decided on this deployment");
        bob.Recorded.ShouldBeTrue();
        result.Succeeded.ShouldBeTrue();
        var done = (await h.HistoryAsync("production")).ShouldHaveSingleItem();
        done.State.ShouldBe(DeploymentState.Succeeded);
        done.ApprovedBy.ShouldBe(["alice", "bob"]);
        done.PendingApproval.ShouldBeNull();
        h.Notes(result.RunId).ShouldContain("deploy: waiting for 1 more approval(s) (1 of 2) from bob, carol");
    }

    [Fact]
    public async Task SelfApproval_IsRefused_AndOneRejectionFailsTheJob()
    {
        await using var h = new DeployHarness();
        var run = h.RunAsync(Pipeline, Environments(1), DeployHarness.Push(actor: "alice"));
        var waiting = await h.WaitForAsync("production", d => d.PendingApproval is not null);

        var self = await h.Commands.DecideAsync(waiting.RunId, "deploy", "alice", true, null, CancellationToken.None);
        var stranger = await h.Commands.DecideAsync(waiting.RunId, "deploy", "mallory", true, null, CancellationToken.None);
        var reject = await h.Commands.DecideAsync(waiting.RunId, "deploy", "bob", false, "not on a Friday", CancellationToken.None);
        var result = await run;
        var late = await h.Commands.DecideAsync(waiting.RunId, "deploy", "carol", true, null, CancellationToken.None);

        self.Message.ShouldBe("alice triggered this deployment and may not approve it (self-approval is off)");
        stranger.Message.ShouldBe("mallory is not a reviewer of this environment (reviewers: alice, bob, carol)");
        reject.Recorded.ShouldBeTrue();
        result.Jobs[0].State.ShouldBe(JobState.Failed);
        result.Jobs[0].Reason.ShouldBe("deployment to production rejected: rejected by bob: not on a Friday");
        h.Exists("deployed.txt").ShouldBeFalse();
        (await h.HistoryAsync("production"))[0].State.ShouldBe(DeploymentState.Rejected);
        late.Recorded.ShouldBeFalse();
        late.Message.ShouldStartWith("job `deploy` of run #");
    }

    [Fact]
    public async Task Timeout_RejectsAutomatically_WithoutWaitingADay()
    {
        var clock = new ManualTimeProvider();
        await using var h = new DeployHarness(clock);
        var run = h.RunAsync(Pipeline, Environments(1, timeout: "1d"));
        await h.WaitForAsync("production", d => d.PendingApproval is not null);
        for (var i = 0; i < 200 && clock.PendingTimers == 0; i++)
        {
            await Task.Delay(10);
        }

        clock.Advance(TimeSpan.FromHours(23));
        await Task.Delay(100);
        var stillWaiting = (await h.HistoryAsync("production"))[0].State;
        for (var i = 0; i < 200 && !run.IsCompleted; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(30));
            await Task.Delay(10);
        }

        var result = await run;

        stillWaiting.ShouldBe(DeploymentState.WaitingApproval);
        result.Jobs[0].Reason.ShouldBe("deployment to production rejected: no approval within 1d (0 of 1); rejected automatically");
        var deployment = (await h.HistoryAsync("production"))[0];
        deployment.State.ShouldBe(DeploymentState.Rejected);
        (deployment.FinishedAt!.Value - deployment.RequestedAt).ShouldBeInRange(TimeSpan.FromDays(1), TimeSpan.FromDays(1) + TimeSpan.FromMinutes(30));
        h.Exists("deployed.txt").ShouldBeFalse();
    }

    [Fact]
    public async Task WaitTimer_DelaysTheStart()
    {
        var clock = new ManualTimeProvider();
        await using var h = new DeployHarness(clock);
        var run = h.RunAsync(Pipeline, "environments:\n  production:\n    wait: 10m\n");
        await h.WaitForAsync("production", d => d.State == DeploymentState.Waiting);
        await Task.Delay(100);
        var early = h.Exists("deployed.txt");

        for (var i = 0; i < 500 && !run.IsCompleted; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(30));
            await Task.Delay(10);
        }

        var result = await run;
        early.ShouldBeFalse();
        result.Succeeded.ShouldBeTrue();
        var deployment = (await h.HistoryAsync("production"))[0];
        (deployment.StartedAt!.Value - deployment.RequestedAt).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMinutes(10));
    }
}
