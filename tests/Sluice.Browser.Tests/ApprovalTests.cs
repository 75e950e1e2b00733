using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Sluice.Browser.Tests.Support;

namespace Sluice.Browser.Tests;

/// <summary>
/// Approving a waiting deployment in the browser. The server has no per-environment approvals yet (the deployments
/// work has not landed), so the waiting thing is what the server offers today: a fork pull request's run held for
/// approval, whose pipeline deploys to <c>preview</c>; it is approved from the Deployments page.
/// </summary>
public sealed class ApprovalTests(DashboardSite site) : IClassFixture<DashboardSite>
{
    [Fact]
    public async Task DeploymentsPage_ForkPreviewAwaitingApproval_OperatorApprovesAndItDeploys()
    {
        await site.SendWebhookAsync("pull_request", PullRequestFromFork(7, site.ForkSha, site.MainSha));
        var page = await site.SignedInPageAsync();

        // The runs page lists it as awaiting approval (live: it may arrive after the page was drawn).
        await Assertions.Expect(page.Locator("#q-waiting")).ToContainTextAsync("Awaiting approval (1)", new() { Timeout = 60_000 });

        await page.GetByRole(AriaRole.Link, new() { Name = "Deployments" }).ClickAsync();
        var preview = page.Locator("section.env[data-environment='preview']");
        await Assertions.Expect(preview.Locator(".current")).ToContainTextAsync("nothing deployed");
        await Assertions.Expect(preview.Locator(".badge.s-waiting")).ToHaveTextAsync("awaiting approval");
        new FileInfo(await DashboardSite.ScreenshotAsync(page, "deployment-awaiting-approval")).Length.ShouldBeGreaterThan(5_000);

        await preview.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await page.WaitForURLAsync("**/ui/deployments");
        await Assertions.Expect(preview.Locator(".current")).ToContainTextAsync(site.ForkSha[..7], new() { Timeout = 60_000 });
        await Assertions.Expect(preview.Locator(".current")).ToContainTextAsync("Preview from a fork");
        await Assertions.Expect(preview.Locator("table.history")).ToContainTextAsync("succeeded");
        await DashboardSite.ScreenshotAsync(page, "deployment-approved");

        // The approval is recorded with who gave it.
        await page.GetByRole(AriaRole.Link, new() { Name = "Runs" }).First.ClickAsync();
        await page.Locator("table.runs a").Filter(new() { HasTextRegex = new Regex("^#\\d+$") }).First.ClickAsync();
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
