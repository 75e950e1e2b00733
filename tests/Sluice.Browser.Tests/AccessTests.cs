using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Sluice.Browser.Tests.Support;

namespace Sluice.Browser.Tests;

/// <summary>Sign-in, roles, keyboard use and the narrow (phone) layout.</summary>
public sealed class AccessTests(DashboardSite site) : IClassFixture<DashboardSite>
{
    [Fact]
    public async Task SignIn_WrongPassword_ShowsAnAlertAndStaysSignedOut()
    {
        var context = await site.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = site.Address });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/ui/deployments");
        await page.WaitForURLAsync("**/ui/sign-in?return=%2Fui%2Fdeployments");
        await page.GetByLabel("User name").FillAsync(DashboardSite.Operator);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("wrong");
        await page.Locator("#sign-in-password").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Wrong user name, password or token.");

        // The API token signs in too, and goes back to where the visitor was going.
        await page.GetByLabel("Token").FillAsync(DashboardSite.ApiToken);
        await page.Locator("#sign-in-token").ClickAsync();
        await page.WaitForURLAsync("**/ui/deployments");
        await Assertions.Expect(page.Locator(".who")).ToContainTextAsync("browser (operator)");
        await context.CloseAsync();
    }

    [Fact]
    public async Task RunPage_Viewer_SeesNoActionsAndKeyboardReachesTheGraph()
    {
        var runId = await site.RunIdAsync(await site.StartRunAsync("big"));
        await site.WaitForRunAsync(runId, "Succeeded", seconds: 90);
        var page = await site.SignedInPageAsync(DashboardSite.Viewer, DashboardSite.ViewerPassword);
        await page.GotoAsync($"/ui/runs/{runId}");
        await Assertions.Expect(page.Locator(".who")).ToContainTextAsync("victor (viewer)");
        (await page.GetByRole(AriaRole.Button, new() { Name = "Re-run all jobs" }).CountAsync()).ShouldBe(0);
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Signed in as a viewer");

        // Even a hand-made request is refused for a viewer.
        var status = await page.EvaluateAsync<int>($"fetch('/ui/runs/{runId}/rerun', {{ method: 'POST' }}).then(r => r.status)");
        status.ShouldBe(403);

        // Keyboard: the skip link first, then Tab reaches the graph's job links; Enter opens the log.
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.Locator(".skip")).ToBeFocusedAsync();
        var node = page.Locator("svg.graph a[data-key='print']");
        await node.FocusAsync();
        await Assertions.Expect(node).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        // Commit, not Load: the log page holds a live event stream, and under load the load event can come before this wait starts.
        await page.WaitForURLAsync(new Regex("/logs\\?job=print$"), new() { WaitUntil = WaitUntilState.Commit });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task RunsPage_PhoneWidth_RowsBecomeLabelledCards()
    {
        await site.RunIdAsync(await site.StartRunAsync("big"));
        var page = await site.SignedInPageAsync(width: 390, height: 844);
        var firstRow = page.Locator("table.runs tbody tr").First;
        await Assertions.Expect(firstRow).ToBeVisibleAsync();
        (await firstRow.EvaluateAsync<string>("r => getComputedStyle(r).display")).ShouldBe("block");
        var wide = await page.EvaluateAsync<string>(
            "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).map(e => e.tagName + '.' + e.className).slice(0, 5).join(', ')");
        wide.ShouldBeEmpty("no element is wider than a phone's screen");
        await Assertions.Expect(page.GetByLabel("Branch")).ToBeVisibleAsync();
        new FileInfo(await DashboardSite.ScreenshotAsync(page, "runs-phone")).Length.ShouldBeGreaterThan(5_000);
        await page.Context.CloseAsync();
    }
}
