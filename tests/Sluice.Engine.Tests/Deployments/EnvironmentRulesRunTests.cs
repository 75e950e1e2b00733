using Sluice.Engine.Deployments;
using Sluice.Engine.Storage;

namespace Sluice.Engine.Tests.Deployments;

/// <summary>Environments' rules enforced on real runs: history, blocked environments, locks, secrets.</summary>
public sealed class EnvironmentRulesRunTests
{
    private static string DeployJob(string version, string environment = "staging", string run = "echo \"$SLUICE_ENVIRONMENT $SLUICE_VERSION prev=$SLUICE_PREVIOUS_VERSION\" >> deployed.txt") => $$"""
        on: push
        jobs:
          deploy:
            environment: {{environment}}
            env:
              SLUICE_VERSION: {{version}}
            run: {{run}}
        """;

    [Fact]
    public async Task Deploy_Succeeds_IsRecordedWithItsPreviousVersion()
    {
        await using var h = new DeployHarness();

        var first = await h.RunAsync(DeployJob("1.0.1"));
        var second = await h.RunAsync(DeployJob("1.0.2"));

        first.Succeeded.ShouldBeTrue();
        second.Succeeded.ShouldBeTrue();
        h.Lines("deployed.txt").ShouldBe(["staging 1.0.1 prev=", "staging 1.0.2 prev=1.0.1"]);
        var history = await h.HistoryAsync("staging");
        history.Select(d => (d.Version, d.PreviousVersion, d.State, d.TrafficPercent)).ShouldBe(
            [("1.0.2", "1.0.1", DeploymentState.Succeeded, 100), ("1.0.1", null, DeploymentState.Succeeded, 100)]);
        history[0].RunId.ShouldBe(second.RunId);
        history[0].TriggeredBy.ShouldBe("dave");
        history[0].TriggerSource.ShouldBe("auto");
        history[0].Sha.ShouldBe(DeployHarness.Push().Sha);
        history[0].StartedAt.ShouldNotBeNull();
        history[0].FinishedAt.ShouldNotBeNull();
        (await h.Deployments.GetEventsAsync(history[0].Id, CancellationToken.None)).Select(e => e.Kind).ShouldBe(["queued", "started", "succeeded"]);
    }

    [Fact]
    public async Task Deploy_FailingJob_IsRecordedAsFailed()
    {
        await using var h = new DeployHarness();

        var result = await h.RunAsync(DeployJob("1.0.1", run: "exit 4"));

        result.Succeeded.ShouldBeFalse();
        var deployment = (await h.HistoryAsync("staging")).ShouldHaveSingleItem();
        deployment.State.ShouldBe(DeploymentState.Failed);
        deployment.Reason.ShouldBe("step `deploy` failed (exit code 4)");
    }

    [Fact]
    public async Task BlockedEnvironment_IsRefused_AndTheJobNeverRuns()
    {
        await using var h = new DeployHarness();

        var result = await h.RunAsync(DeployJob("1.0.1", "production"), "environments:\n  production:\n    blocked: { reason: code freeze until Monday }\n");

        h.Exists("deployed.txt").ShouldBeFalse();
        var job = result.Jobs.ShouldHaveSingleItem();
        job.State.ShouldBe(JobState.Failed);
        job.Reason.ShouldBe("deployment to production refused: environment `production` is blocked: code freeze until Monday");
        var deployment = (await h.HistoryAsync("production")).ShouldHaveSingleItem();
        deployment.State.ShouldBe(DeploymentState.Refused);
        deployment.Reason.ShouldBe("environment `production` is blocked: code freeze until Monday");
    }

    [Fact]
    public async Task UndeclaredEnvironment_IsRefusedWhenAFileExists()
    {
        await using var h = new DeployHarness();

        var result = await h.RunAsync(DeployJob("1.0.1", "prod"), "environments:\n  production: {}\n  staging: {}\n");

        result.Jobs[0].Reason.ShouldBe("deployment to prod refused: environment `prod` is not declared in environments.yml (environments: production, staging)");
        h.Exists("deployed.txt").ShouldBeFalse();
    }

    [Fact]
    public async Task BranchRule_RefusesOtherBranches()
    {
        await using var h = new DeployHarness();

        var result = await h.RunAsync(DeployJob("1.0.1", "production"), "environments:\n  production:\n    branches: [main]\n", DeployHarness.Push(branch: "feature/x"));

        result.Jobs[0].Reason.ShouldBe("deployment to production refused: branch `feature/x` may not deploy to `production` (branches: main)");
    }

    [Fact]
    public async Task Lock_RefusesWithItsReason_UntilUnlocked()
    {
        await using var h = new DeployHarness();
        await h.Commands.LockAsync("staging", "alice", "database migration in progress", CancellationToken.None);

        var locked = await h.RunAsync(DeployJob("1.0.1"));
        (await h.Commands.UnlockAsync("staging", CancellationToken.None)).ShouldBeTrue();
        var unlocked = await h.RunAsync(DeployJob("1.0.2"));

        locked.Jobs[0].Reason.ShouldBe("deployment to staging refused: environment `staging` is locked by alice: database migration in progress");
        unlocked.Succeeded.ShouldBeTrue();
        h.Lines("deployed.txt").ShouldBe(["staging 1.0.2 prev="]);
        (await h.Commands.UnlockAsync("staging", CancellationToken.None)).ShouldBeFalse();
    }

    [Fact]
    public async Task Secrets_OnlyTheEnvironmentsJobsReceiveThem_AndOnlyAfterApproval()
    {
        await using var h = new DeployHarness();
        const string pipeline = """
            on: push
            jobs:
              other:
                secrets: [PROD_DB, DB_PASSWORD]
                run: echo "${PROD_DB:-none} ${DB_PASSWORD:-none}" > other.txt
              deploy:
                environment: production
                secrets: [DB_PASSWORD]
                run: echo "$DB_PASSWORD ${PROD_DB:-none} $REPLICAS ${{ vars.REPLICAS }}" > deploy.txt
            """;
        const string environments = """
            environments:
              production:
                approval: { reviewers: [bob] }
                vars: { REPLICAS: 3 }
                secrets: { DB_PASSWORD: PROD_DB }
            """;

        var run = h.RunAsync(pipeline, environments, secrets: new Dictionary<string, string> { ["PROD_DB"] = "s3cret-value" });
        var waiting = await h.WaitForAsync("production", d => d.State == DeploymentState.WaitingApproval);
        await Task.Delay(200);
        var beforeApproval = h.Exists("deploy.txt");
        var decision = await h.Commands.DecideAsync(waiting.RunId, "deploy", "bob", approve: true, null, CancellationToken.None);
        var result = await run;

        beforeApproval.ShouldBeFalse();
        decision.Recorded.ShouldBeTrue(decision.Message);
        result.Succeeded.ShouldBeTrue();
        h.Read("other.txt").ShouldBe("none none");
        h.Read("deploy.txt").ShouldBe("s3cret-value none 3 3");
        h.Events.OfType<Sluice.Engine.Runs.LogEvent>().ShouldNotContain(e => e.Text.Contains("s3cret-value"));
    }
}
