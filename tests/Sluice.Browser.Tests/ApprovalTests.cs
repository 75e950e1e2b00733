using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Sluice.Browser.Tests.Support;

namespace Sluice.Browser.Tests;

/// <summary>
/// Approvals in the browser. A real deployment: the <c>deliver</c> pipeline's <c>ship</c> job deploys to production,
/// which needs alice's approval (<c>environments.yml</c>); alice approves it on the run page, the run finishes green and
/// the Deployments page shows the new version and its history; a viewer sees the waiting deployment without buttons.
/// And a fork pull request's run held by the server's fork approval, approved from the runs page.
/// </summary>
public sealed class ApprovalTests(DashboardSite site) : IClassFixture<DashboardSite>
{
    [Fact]
    public async Task RunPage_DeploymentWaitingForApproval_OperatorApprovesAndProductionShowsTheVersion()
    {
        var runId = await site.RunIdAsync(await site.StartRunAsync("deliver"));
        var version = $"2.0.{runId}";
        var page = await site.SignedInPageAsync();
        await page.GotoAsync($"/ui/runs/{runId}");

        // The run page shows the waiting deployment (live: it may start waiting after the page was drawn).
        var waiting = page.Locator($"ul.deployments li[data-job='ship']");
        await Assertions.Expect(waiting.Locator(".badge")).ToHaveTextAsync("waiting for approval", new() { Timeout = 60_000 });
        await Assertions.Expect(waiting).ToContainTextAsync($"production {version}");
        await Assertions.Expect(waiting.Locator(".approval")).ToContainTextAsync("approval by 1 of alice");
        var approve = waiting.GetByRole(AriaRole.Button, new() { Name = $"Approve deployment" });
        await Assertions.Expect(approve).ToBeVisibleAsync();
        await Assertions.Expect(waiting.GetByRole(AriaRole.Button, new() { Name = "Reject deployment" })).ToBeVisibleAsync();
        var before = await DashboardSite.ScreenshotAsync(page, "deployment-waiting-for-approval");
        new FileInfo(before).Length.ShouldBeGreaterThan(5_000);

        // Approve with a comment, from the keyboard: the comment field has a label, Enter in it submits the form's Approve.
        var comment = waiting.GetByLabel("Comment");
        await comment.FillAsync("ship it");
        await comment.PressAsync("Enter");
        await page.WaitForURLAsync($"**/ui/runs/{runId}");
        await Assertions.Expect(page.Locator("h1 .badge")).ToHaveTextAsync("succeeded", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("g.node[data-job='ship']")).ToHaveClassAsync(new Regex("s-succeeded"));
        await Assertions.Expect(page.Locator("ul.deployments li[data-job='ship'] .badge")).ToHaveTextAsync("succeeded");
        (await page.GetByRole(AriaRole.Button, new() { Name = "Approve deployment" }).CountAsync()).ShouldBe(0);

        // The Deployments page: production runs the new version, approved by alice; the history has it on top.
        await page.GetByRole(AriaRole.Link, new() { Name = "Deployments" }).ClickAsync();
        var production = page.Locator("section.env[data-environment='production']");
        await Assertions.Expect(production.Locator(".current")).ToContainTextAsync(version);
        await Assertions.Expect(production.Locator(".current")).ToContainTextAsync($"run #{runId}");
        var newest = production.Locator("table.history tbody tr").First;
        await Assertions.Expect(newest.Locator("td[data-label='Version']")).ToContainTextAsync(version);
        await Assertions.Expect(newest.Locator("td[data-label='State']")).ToHaveTextAsync("succeeded");
        await Assertions.Expect(newest.Locator("td[data-label='Approved by']")).ToHaveTextAsync("alice");
        await Assertions.Expect(production.Locator(".lock")).ToContainTextAsync("not locked");
        await Assertions.Expect(production.GetByRole(AriaRole.Button, new() { Name = "Lock production" })).ToBeVisibleAsync();
        var after = await DashboardSite.ScreenshotAsync(page, "deployment-approved");
        new FileInfo(after).Length.ShouldBeGreaterThan(5_000);
        await Assertions.Expect(production.Locator(".current")).ToBeInViewportAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Viewer_SeesTheWaitingDeploymentWithoutButtons_OperatorRejectsIt()
    {
        var runId = await site.RunIdAsync(await site.StartRunAsync("deliver"));
        var viewer = await site.SignedInPageAsync(DashboardSite.Viewer, DashboardSite.ViewerPassword);
        await viewer.GotoAsync($"/ui/runs/{runId}");
        var waiting = viewer.Locator("ul.deployments li[data-job='ship']");
        await Assertions.Expect(waiting.Locator(".badge")).ToHaveTextAsync("waiting for approval", new() { Timeout = 60_000 });
        var id = await waiting.GetAttributeAsync("data-deployment");
        (await viewer.Locator("main button").CountAsync()).ShouldBe(0);

        await viewer.GetByRole(AriaRole.Link, new() { Name = "Deployments" }).ClickAsync();
        var production = viewer.Locator("section.env[data-environment='production']");
        await Assertions.Expect(production.Locator($"li[data-deployment='{id}'] .badge")).ToHaveTextAsync("waiting for approval");
        await Assertions.Expect(viewer.Locator("main")).ToContainTextAsync("Signed in as a viewer");
        (await viewer.Locator("main form").CountAsync()).ShouldBe(0);
        (await viewer.Locator("main button").CountAsync()).ShouldBe(0);
        await DashboardSite.ScreenshotAsync(viewer, "deployments-viewer");

        // Even a hand-made request is refused for a viewer.
        (await viewer.EvaluateAsync<int>($"fetch('/ui/deployments/{id}/approve', {{ method: 'POST' }}).then(r => r.status)")).ShouldBe(403);
        await viewer.Context.CloseAsync();

        // An operator rejects it from the Deployments page; the run fails and the history says rejected.
        var page = await site.SignedInPageAsync();
        await page.GotoAsync("/ui/deployments");
        var row = page.Locator($"section.env[data-environment='production'] li[data-deployment='{id}']");
        await row.GetByLabel("Comment").FillAsync("not today");
        await row.GetByRole(AriaRole.Button, new() { Name = "Reject deployment" }).ClickAsync();
        await page.WaitForURLAsync("**/ui/deployments");
        var rejected = page.Locator($"section.env[data-environment='production'] table.history tr[data-deployment='{id}']");
        await Assertions.Expect(rejected.Locator("td[data-label='State']")).ToContainTextAsync("rejected", new() { Timeout = 60_000 });
        await site.WaitForRunAsync(runId, "Failed");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task RunsPage_ForkPreviewAwaitingApproval_OperatorApprovesAndItDeploys()
    {
        await site.SendWebhookAsync("pull_request", PullRequestFromFork(7, site.ForkSha, site.MainSha));
        var page = await site.SignedInPageAsync();

        // The runs page lists it as awaiting approval (live: it may arrive after the page was drawn).
        var held = page.Locator("section.queue").Filter(new() { Has = page.Locator("#q-waiting") });
        await Assertions.Expect(page.Locator("#q-waiting")).ToContainTextAsync("Awaiting approval (1)", new() { Timeout = 60_000 });
        await held.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Deployments" }).ClickAsync();
        var preview = page.Locator("section.env[data-environment='preview']");
        await Assertions.Expect(preview.Locator(".current")).ToContainTextAsync(site.ForkSha[..12], new() { Timeout = 60_000 });
        await Assertions.Expect(preview.Locator(".current")).ToContainTextAsync("Preview from a fork");
        await Assertions.Expect(preview.Locator("table.history")).ToContainTextAsync("succeeded");

        // The approval is recorded with who gave it.
        await page.GetByRole(AriaRole.Link, new() { Name = "Runs" }).First.ClickAsync();
        await page.Locator("table.runs tr").Filter(new() { HasText = "PR #7" }).Locator("a").Filter(new() { HasTextRegex = new Regex("^#\\d+$") }).First.ClickAsync();
        await Assertions.Expect(page.Locator(".facts")).ToContainTextAsync("approved by dashboard:alice");
        await page.Context.CloseAsync();
    }

    private static string PullRequestFromFork(int number, string head, string baseSha)
    {
        var repo = new JsonObject { ["full_name"] = DashboardSite.Repository, ["default_branch"] = "main" };
        return new JsonObject
        {
            ["action"] = "opened",
            ["number"] = number,
            ["pull_request"] = new JsonObject
            {
                ["number"] = number,
                ["merged"] = false,
                ["user"] = new JsonObject { ["login"] = "mallory" },
                ["head"] = new JsonObject { ["sha"] = head, ["ref"] = "fork-change", ["repo"] = new JsonObject { ["full_name"] = "mallory/octo-repo", ["fork"] = true } },
                ["base"] = new JsonObject { ["sha"] = baseSha, ["ref"] = "main", ["repo"] = repo.DeepClone() },
            },
            ["repository"] = repo,
            ["sender"] = new JsonObject { ["login"] = "mallory" },
        }.ToJsonString();
    }
}
