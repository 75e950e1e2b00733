using System.Net;
using System.Text.RegularExpressions;
using Sluice.Core.Deployments;
using Sluice.Engine.Deployments;
using Sluice.Engine.State;
using Sluice.Engine.Storage;
using Sluice.Server.Tests.Support;

namespace Sluice.Server.Tests.Dashboard;

/// <summary>
/// The Deployments page and the deployment actions over real HTTP, on deployments seeded in the server's own SQLite
/// deployment store: production with two good versions, a failed one and one waiting for alice's approval; staging locked.
/// </summary>
public sealed class DeploymentsPageTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private ServerHarness harness = null!;
    private DashboardClient alice = null!;
    private DashboardClient victor = null!;
    private long waiting;
    private long runId;

    private IDeploymentStore Store => harness.Server.Storage.Deployments;

    public async Task InitializeAsync()
    {
        harness = await DashboardSetup.StartAsync();
        alice = await DashboardSetup.SignedInAsync(harness);
        victor = await DashboardSetup.SignedInAsync(harness, DashboardSetup.Viewer, DashboardSetup.ViewerPassword);
        runId = await DashboardSetup.RecordRunAsync(harness, RunState.Running, "main", ("ship", "ship", [], JobState.Running, 0));
        await SeedAsync("production", "1.0.1", DeploymentState.Succeeded, minutes: 0);
        await SeedAsync("production", "1.0.2", DeploymentState.Succeeded, minutes: 10);
        await SeedAsync("production", "1.0.3", DeploymentState.Failed, minutes: 20, reason: "exit code 3");
        waiting = await SeedAsync("production", "1.0.4", DeploymentState.WaitingApproval, minutes: 30);
        await Store.OpenGateAsync(waiting, new PendingApproval(0, new ApprovalRequest(new ApprovalRule(["alice", "bob"], [], 1, null, false), ["alice", "bob"], "carol", Start.AddMinutes(30))), CancellationToken.None);
        await Store.LockAsync(new EnvironmentLock("staging", "dave", "database migration until 15:00", Start.AddHours(1)), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        alice.Dispose();
        victor.Dispose();
        await harness.DisposeAsync();
    }

    [Fact]
    public async Task Page_Operator_SeesCurrentQueueLockHistoryNewestFirstAndTheForms()
    {
        var page = await alice.PageAsync("/ui/deployments");

        var production = Section(page, "production");
        production.ShouldContain("<dd class=\"current\"><code class=\"version\">1.0.2</code>");
        production.ShouldContain("<h3>Queue (1)</h3>");
        production.ShouldContain("waiting for approval</span> #4 <code class=\"version\">1.0.4</code>");
        production.ShouldContain("approval by 1 of alice, bob; not carol, who asked for it");
        production.ShouldContain($"action=\"/ui/deployments/{waiting}/approve\"");
        production.ShouldContain($"formaction=\"/ui/deployments/{waiting}/reject\"");
        production.ShouldContain($"<label for=\"comment-{waiting}\">");
        Regex.Matches(Between(production, "<h3>History</h3>", "</table>"), "data-deployment=\"(\\d+)\"").Select(m => m.Groups[1].Value).ShouldBe(["3", "2", "1"]);
        production.ShouldContain("failed</span> exit code 3");
        production.ShouldContain("<button type=\"submit\" class=\"danger\">Roll back production to 1.0.1</button>");
        production.ShouldContain("not locked<form method=\"post\" action=\"/ui/environments/production/lock\"");
        production.ShouldContain("<label for=\"lock-reason-production\">Reason</label>");

        var staging = Section(page, "staging");
        staging.ShouldContain("nothing deployed successfully yet");
        staging.ShouldContain("<strong>locked</strong> by dave since <time datetime=\"2025-06-01T13:00:00.0000000Z\">");
        staging.ShouldContain(": database migration until 15:00<form method=\"post\" action=\"/ui/environments/staging/unlock\"");
        staging.ShouldContain("Nothing to roll back to: staging has no successful deployment.");
    }

    [Fact]
    public async Task Page_Viewer_SeesEverythingReadOnly()
    {
        var page = await victor.PageAsync("/ui/deployments");

        page.ShouldContain("<dd class=\"current\"><code class=\"version\">1.0.2</code>");
        page.ShouldContain("approval by 1 of alice, bob");
        page.ShouldContain("<strong>locked</strong> by dave");
        page.ShouldContain("The previous good version is <code class=\"version\">1.0.1</code>");
        page.ShouldContain("Signed in as a viewer");
        Regex.Matches(Between(page, "<main", "</main>"), "<form|<button").Count.ShouldBe(0, "no action forms for a viewer");
    }

    [Fact]
    public async Task Approve_Operator_IsRecordedAsTheirNameWithTheComment()
    {
        var csrf = await alice.AntiForgeryAsync();

        using var response = await alice.PostAsync($"/ui/deployments/{waiting}/approve", ("csrf", csrf), ("comment", "ship it"), ("return", "/ui/deployments"));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldBe("/ui/deployments");
        var decision = (await Store.GetDecisionsAsync(waiting, 0, CancellationToken.None)).ShouldHaveSingleItem();
        (decision.Reviewer, decision.Approved, decision.Comment).ShouldBe(("alice", true, "ship it"));
    }

    [Fact]
    public async Task Reject_NotAReviewer_IsRefusedWithTheRulesReason()
    {
        DashboardSetup.WriteUsers(harness, $"erin operator {Auth.PasswordHash.Create("erin's password", 1000)}");
        using var erin = await DashboardSetup.SignedInAsync(harness, "erin", "erin's password");

        using var response = await erin.PostAsync($"/ui/deployments/{waiting}/reject", ("csrf", await erin.AntiForgeryAsync()), ("return", "/ui/runs/1"));

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.Content.ReadAsStringAsync()).ShouldContain("erin is not a reviewer");
        (await Store.GetDecisionsAsync(waiting, 0, CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Actions_ViewerOrMissingAntiForgeryToken_AreForbidden()
    {
        using var viewer = await victor.PostAsync($"/ui/deployments/{waiting}/approve", ("csrf", await victor.AntiForgeryAsync()));
        using var forged = await alice.PostAsync("/ui/environments/production/lock", ("reason", "no token"));
        using var viewerRollback = await victor.PostAsync("/ui/environments/production/rollback", ("csrf", await victor.AntiForgeryAsync()), ("version", "1.0.1"));

        viewer.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        forged.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        viewerRollback.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await Store.GetDecisionsAsync(waiting, 0, CancellationToken.None)).ShouldBeEmpty();
        (await Store.GetLockAsync("production", CancellationToken.None)).ShouldBeNull();
        (await harness.Server.Storage.Queue.ListAsync(new Server.Queue.QueueQuery(10), CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task LockAndUnlock_Operator_ChangeTheStoreAndThePage()
    {
        var csrf = await alice.AntiForgeryAsync();

        using var empty = await alice.PostAsync("/ui/environments/production/lock", ("csrf", csrf), ("reason", "  "));
        using var locked = await alice.PostAsync("/ui/environments/production/lock", ("csrf", csrf), ("reason", "incident <42>"));
        var lockedPage = Section(await alice.PageAsync("/ui/deployments"), "production");
        using var unlocked = await alice.PostAsync("/ui/environments/staging/unlock", ("csrf", csrf));
        using var again = await alice.PostAsync("/ui/environments/staging/unlock", ("csrf", csrf));

        empty.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        locked.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var held = (await Store.GetLockAsync("production", CancellationToken.None)).ShouldNotBeNull();
        (held.LockedBy, held.Reason).ShouldBe(("alice", "incident <42>"));
        lockedPage.ShouldContain("<strong>locked</strong> by alice since");
        lockedPage.ShouldContain(": incident &lt;42&gt;<form method=\"post\" action=\"/ui/environments/production/unlock\"");
        lockedPage.ShouldContain("While the environment is locked a roll back would be refused");
        lockedPage.ShouldNotContain("/ui/environments/production/rollback");
        unlocked.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Store.GetLockAsync("staging", CancellationToken.None)).ShouldBeNull();
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Rollback_ToWhatRunsNow_IsRefused()
    {
        using var response = await alice.PostAsync("/ui/environments/production/rollback", ("csrf", await alice.AntiForgeryAsync()), ("version", "1.0.2"));

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.Content.ReadAsStringAsync()).ShouldContain("1.0.2 is what runs on production now");
    }

    [Fact]
    public async Task Rollback_RunOfTheGoodVersionPruned_IsRefusedAndNothingIsQueued()
    {
        await SeedAsync("edge", "0.9.0", DeploymentState.Succeeded, minutes: 40, run: 999);
        await SeedAsync("edge", "0.9.1", DeploymentState.Succeeded, minutes: 50);

        using var response = await alice.PostAsync("/ui/environments/edge/rollback", ("csrf", await alice.AntiForgeryAsync()), ("version", "0.9.0"));

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.Content.ReadAsStringAsync()).ShouldContain("run #999, which deployed 0.9.0, is no longer in the history (pruned)");
        (await harness.Server.Storage.Queue.ListAsync(new Server.Queue.QueueQuery(10), CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task RunPage_JobWaitingForApproval_OperatorGetsTheButtonsViewerDoesNot()
    {
        var forAlice = await alice.PageAsync($"/ui/runs/{runId}");
        var forVictor = await victor.PageAsync($"/ui/runs/{runId}");

        var deployments = Between(forAlice, "<h2 id=\"deployments-h\">Deployments</h2>", "</section>");
        deployments.ShouldContain("<strong>ship</strong> → <a href=\"/ui/deployments#env-production\">production</a>");
        deployments.ShouldContain("approval by 1 of alice, bob");
        deployments.ShouldContain($"action=\"/ui/deployments/{waiting}/approve\"");
        deployments.ShouldContain($"<input type=\"hidden\" name=\"return\" value=\"/ui/runs/{runId}\">");
        deployments.ShouldContain($"aria-label=\"Reject deployment #{waiting} of 1.0.4 to production\"");
        forVictor.ShouldContain("approval by 1 of alice, bob");
        forVictor.ShouldNotContain($"/ui/deployments/{waiting}/approve");
    }

    private async Task<long> SeedAsync(string environment, string version, DeploymentState state, int minutes, string? reason = null, long? run = null)
    {
        var at = Start.AddMinutes(minutes);
        var id = await Store.CreateAsync(
            new NewDeployment(environment, version, null, "0123456789abcdef0123456789abcdef01234567", "refs/heads/main", "octo-org/octo-repo", "ci", run ?? runId, "ship",
                "carol", "cli", "none", null, ProcessLiveness.CurrentOwner(), null, 1, at),
            DeploymentState.Queued, null, CancellationToken.None);
        if (state.IsTerminal())
        {
            await Store.SetStateAsync(id, DeploymentState.InProgress, null, at.AddSeconds(5), CancellationToken.None);
            await Store.SetStateAsync(id, state, reason, at.AddSeconds(65), CancellationToken.None);
        }
        else if (state != DeploymentState.Queued)
        {
            await Store.SetStateAsync(id, state, reason, at, CancellationToken.None);
        }

        return id;
    }

    private static string Section(string page, string environment) =>
        Between(page, $"data-environment=\"{environment}\">", "</section>");

    private static string Between(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal);
        from.ShouldBeGreaterThanOrEqualTo(0, $"`{start}` is not on the page");
        var to = text.IndexOf(end, from, StringComparison.Ordinal);
        return text[from..(to < 0 ? text.Length : to)];
    }
}
