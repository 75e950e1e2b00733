using Sluice.Engine.Deployments;
using Sluice.Engine.Storage;

namespace Sluice.Engine.Tests.Deployments;

/// <summary>
/// Strategies with real shift/check/rollback commands (shell one-liners appending to files in the workspace) and
/// durations of a few hundred milliseconds: success, and every automatic roll back.
/// </summary>
public sealed class StrategyRunTests
{
    /// <summary>The shift records "percent version previous rollback?"; the rollback command records what it undid.</summary>
    private static string Pipeline(string steps, string check = "exit 0", string threshold = "2", string timeout = "", string shift = "") => $$"""
        on: push
        jobs:
          deploy:
            environment: production
            env:
              SLUICE_VERSION: 2.0.0
            deploy:
              steps:
        {{steps}}
              shift: {{(shift.Length > 0 ? shift : "echo \"$SLUICE_TRAFFIC_PERCENT $SLUICE_VERSION ${SLUICE_PREVIOUS_VERSION:-none} ${SLUICE_ROLLBACK:-}\" >> traffic.txt")}}
              check:
                run: {{check}}
                interval: 100ms
                threshold: {{threshold}}
              rollback: echo "undo $SLUICE_VERSION back to ${SLUICE_PREVIOUS_VERSION:-none}" >> rollback.txt
        {{timeout}}
            run: echo "starting $SLUICE_VERSION" > started.txt
        """;

    private const string Canary = "        - shift: 10\n        - pause: 400ms\n        - shift: 100";

    [Fact]
    public async Task Canary_HealthyChecks_ReachesOneHundredPercent()
    {
        await using var h = new DeployHarness();

        var result = await h.RunAsync(Pipeline(Canary.Replace("400ms", "1s", StringComparison.Ordinal), check: "echo ok >> checks.txt"));

        result.Succeeded.ShouldBeTrue();
        h.Lines("traffic.txt").ShouldBe(["10 2.0.0 none", "100 2.0.0 none"]);
        // Every 100ms during a 1s pause: never more than 11; at least 2 even when a loaded machine makes each check take ~400ms.
        h.Lines("checks.txt").Count.ShouldBeInRange(2, 11, "checks every 100ms during a 1s pause");
        h.Exists("rollback.txt").ShouldBeFalse();
        var deployment = (await h.HistoryAsync("production")).ShouldHaveSingleItem();
        deployment.State.ShouldBe(DeploymentState.Succeeded);
        deployment.TrafficPercent.ShouldBe(100);
        deployment.StepIndex.ShouldBe(3);
        deployment.Strategy.ShouldBe("steps");
        var events = await h.Deployments.GetEventsAsync(deployment.Id, CancellationToken.None);
        events.Where(e => e.Kind == "shift").Select(e => e.TrafficPercent).ShouldBe([10, 100]);
        var steps = await h.Store.GetStepsAsync(result.RunId, "deploy", CancellationToken.None);
        steps[0].Name.ShouldBe("deploy");
        steps.Select(s => s.Name).ShouldContain("shift 10%");
        steps.Select(s => s.Name).ShouldContain("check at 10%");
        steps[^1].Name.ShouldBe("shift 100%");
    }

    [Fact]
    public async Task FailingChecks_PastTheThreshold_RollBackAutomatically()
    {
        await using var h = new DeployHarness();

        var result = await h.RunAsync(Pipeline(Canary.Replace("400ms", "30s", StringComparison.Ordinal),
            check: "echo \"message=error rate 50% on $SLUICE_VERSION\" >> \"$SLUICE_OUTPUT\"; exit 1"));

        h.Lines("traffic.txt").ShouldBe(["10 2.0.0 none", "0 2.0.0 none true"]);
        h.Lines("rollback.txt").ShouldBe(["undo 2.0.0 back to none"]);
        var job = result.Jobs.ShouldHaveSingleItem();
        job.State.ShouldBe(JobState.Failed);
        job.Reason.ShouldBe("rolled back: check failed 2 time(s) in a row at 10%: error rate 50% on 2.0.0");
        var deployment = (await h.HistoryAsync("production")).ShouldHaveSingleItem();
        deployment.State.ShouldBe(DeploymentState.RolledBack);
        deployment.TrafficPercent.ShouldBe(0);
        var kinds = (await h.Deployments.GetEventsAsync(deployment.Id, CancellationToken.None)).Select(e => e.Kind).ToList();
        kinds.ShouldBe(["queued", "started", "shift", "check-failed", "check-failed", "rollback", "shift", "rolled-back"]);
    }

    [Fact]
    public async Task FailingShift_RollsBack()
    {
        await using var h = new DeployHarness();
        var steps = "        - shift: 10\n        - shift: 50\n        - shift: 100";

        var result = await h.RunAsync(Pipeline(steps, shift: "echo \"$SLUICE_TRAFFIC_PERCENT\" >> traffic.txt; test \"$SLUICE_TRAFFIC_PERCENT\" != 50 || exit 3"));

        h.Lines("traffic.txt").ShouldBe(["10", "50", "0"]);
        result.Jobs[0].Reason.ShouldBe("rolled back: shift to 50% failed: exit code 3");
        (await h.HistoryAsync("production"))[0].State.ShouldBe(DeploymentState.RolledBack);
    }

    [Fact]
    public async Task Timeout_RollsBack_DuringALongPause()
    {
        await using var h = new DeployHarness();

        var result = await h.RunAsync(Pipeline(Canary.Replace("400ms", "1h", StringComparison.Ordinal), timeout: "      timeout: 300ms"));

        result.Jobs[0].Reason.ShouldBe("rolled back: the deployment timed out after 300ms");
        h.Lines("traffic.txt").ShouldBe(["10 2.0.0 none", "0 2.0.0 none true"]);
    }

    [Fact]
    public async Task StopByAPerson_RollsBackWithTheirReason()
    {
        await using var h = new DeployHarness();
        var run = h.RunAsync(Pipeline(Canary.Replace("400ms", "1h", StringComparison.Ordinal)));
        await h.WaitForAsync("production", d => d.TrafficPercent == 10);

        var asked = await h.Commands.StopAsync("production", "alice", "wrong build", CancellationToken.None);
        var result = await run;

        asked.ShouldHaveSingleItem();
        result.Jobs[0].Reason.ShouldBe("rolled back: stopped by alice: wrong build");
        h.Lines("rollback.txt").ShouldBe(["undo 2.0.0 back to none"]);
    }

    [Fact]
    public async Task CancellingTheRun_RollsBack()
    {
        await using var h = new DeployHarness();
        using var cancel = new CancellationTokenSource();
        var run = h.RunAsync(Pipeline(Canary.Replace("400ms", "1h", StringComparison.Ordinal)), cancel: cancel.Token);
        await h.WaitForAsync("production", d => d.TrafficPercent == 10);

        await cancel.CancelAsync();
        await run;

        h.Lines("traffic.txt").ShouldBe(["10 2.0.0 none", "0 2.0.0 none true"]);
        var deployment = (await h.HistoryAsync("production"))[0];
        deployment.State.ShouldBe(DeploymentState.RolledBack);
        deployment.Reason.ShouldBe("stopped: the run was cancelled");
    }

    [Fact]
    public async Task PauseUntilApproved_ContinuesWhenAReviewerApproves()
    {
        await using var h = new DeployHarness();
        var steps = "        - shift: 25\n        - pause: until-approved\n        - shift: 100";
        var run = h.RunAsync(Pipeline(steps, check: "exit 0"));
        var waiting = await h.WaitForAsync("production", d => d.PendingApproval is { Gate: 2 });

        var decision = await h.Commands.DecideAsync(waiting.RunId, "deploy", "erin", true, "canary looks fine", CancellationToken.None);
        var result = await run;

        decision.Recorded.ShouldBeTrue(decision.Message);
        result.Succeeded.ShouldBeTrue();
        h.Lines("traffic.txt").ShouldBe(["25 2.0.0 none", "100 2.0.0 none"]);
        (await h.HistoryAsync("production"))[0].ApprovedBy.ShouldBe(["erin"]);
    }

    [Fact]
    public async Task SecondDeployment_SeesThePreviousVersion_AndRollsBackToIt()
    {
        await using var h = new DeployHarness();
        await h.RunAsync(Pipeline("        - shift: 100"));

        var bad = await h.RunAsync(Pipeline(Canary, check: "exit 1").Replace("2.0.0", "2.1.0", StringComparison.Ordinal));

        bad.Succeeded.ShouldBeFalse();
        h.Lines("traffic.txt").ShouldBe(["100 2.0.0 none", "10 2.1.0 2.0.0", "0 2.1.0 2.0.0 true"]);
        h.Lines("rollback.txt").ShouldBe(["undo 2.1.0 back to 2.0.0"]);
        var history = await h.HistoryAsync("production");
        history.Select(d => (d.Version, d.State)).ShouldBe([("2.1.0", DeploymentState.RolledBack), ("2.0.0", DeploymentState.Succeeded)]);
        (await h.Commands.RollbackTargetAsync("production", null, CancellationToken.None)).Problem.ShouldBe("production has no earlier successful deployment than 2.0.0 (deployment #1)");
    }
}
