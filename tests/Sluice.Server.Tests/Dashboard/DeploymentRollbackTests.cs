using System.Net;
using System.Net.Http.Json;
using Sluice.Engine.Deployments;
using Sluice.Server.Queue;
using Sluice.Server.Tests.Support;

namespace Sluice.Server.Tests.Dashboard;

/// <summary>
/// Roll back from the dashboard, end to end on the in-process server: two real runs deploy 1.0.1 and 1.0.2 (the version
/// is the build job's output, 1.0.RUN_ID), then an operator rolls production back and the deploying job runs again with
/// the build output of the run that made 1.0.1 reused — so 1.0.1, not a new version, is deployed again.
/// </summary>
public sealed class DeploymentRollbackTests : IAsyncLifetime
{
    private const string Pipeline = """
        name: ship
        on:
          manual: {}
        jobs:
          build:
            outputs: [version]
            run: echo "version=1.0.$SLUICE_RUN_ID" >> "$SLUICE_OUTPUT"
          deploy:
            needs: [build]
            environment: production
            env:
              SLUICE_VERSION: ${{ needs.build.outputs.version }}
            run: echo "deploying $SLUICE_VERSION"
        """;

    private ServerHarness harness = null!;
    private DashboardClient alice = null!;

    public async Task InitializeAsync()
    {
        harness = await DashboardSetup.StartAsync(h => h.Repo.Commit("ship", (".sluice/ship.yml", Pipeline)));
        alice = await DashboardSetup.SignedInAsync(harness);
    }

    public async Task DisposeAsync()
    {
        alice.Dispose();
        await harness.DisposeAsync();
    }

    [Fact]
    public async Task Rollback_Operator_RedeploysThePreviousGoodVersionWithItsBuildReused()
    {
        await StartAsync();
        await harness.WaitForFinishedAsync(1, seconds: 60);
        await StartAsync();
        await harness.WaitForFinishedAsync(2, seconds: 60);
        var before = await alice.PageAsync("/ui/deployments");

        using var response = await alice.PostAsync("/ui/environments/production/rollback", ("csrf", await alice.AntiForgeryAsync()), ("version", "1.0.1"));
        var items = await harness.WaitForFinishedAsync(3, seconds: 60);
        var after = await alice.PageAsync("/ui/deployments");

        before.ShouldContain("<dd class=\"current\"><code class=\"version\">1.0.2</code>");
        before.ShouldContain("Roll back production to 1.0.1</button>");
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldBe($"/ui/queue/{items[2].Id}");
        items.Select(i => i.State).ShouldBe([QueueState.Succeeded, QueueState.Succeeded, QueueState.Succeeded], string.Join("; ", items.Select(i => i.Reason)));
        items[2].RequestedBy.ShouldBe("dashboard:alice");
        var deployments = await harness.Server.Storage.Deployments.ListAsync(new DeploymentQuery("production"), CancellationToken.None);
        deployments.Select(d => (d.Version, d.State)).ShouldBe([("1.0.1", DeploymentState.Succeeded), ("1.0.2", DeploymentState.Succeeded), ("1.0.1", DeploymentState.Succeeded)]);
        var rollback = deployments[0];
        (rollback.RollbackOf, rollback.PreviousVersion, rollback.TriggeredBy, rollback.TriggerSource).ShouldBe((deployments[1].Id, "1.0.2", "alice", "cli"));
        rollback.RunId.ShouldBe(items[2].RunId!.Value);
        var jobs = await harness.Server.Storage.Runs.GetJobsAsync(rollback.RunId, CancellationToken.None);
        jobs.Select(j => j.Key).Order(StringComparer.Ordinal).ShouldBe(["build", "deploy"]);
        after.ShouldContain("<dd class=\"current\"><code class=\"version\">1.0.1</code> <span class=\"sub\">(rollback of #2)</span>");
        after.ShouldContain("Roll back production to 1.0.2</button>");
    }

    private async Task StartAsync()
    {
        using var response = await harness.Http.PostAsJsonAsync("/api/runs", new { repository = Payloads.Repository, pipeline = "ship" });
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
    }
}
