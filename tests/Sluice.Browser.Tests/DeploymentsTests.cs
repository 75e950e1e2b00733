using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Sluice.Browser.Tests.Support;

namespace Sluice.Browser.Tests;

/// <summary>The Deployments page's own forms in the browser: roll back to the previous good version, then lock and unlock, from the keyboard.</summary>
public sealed class DeploymentsTests(DashboardSite site) : IClassFixture<DashboardSite>
{
    [Fact]
    public async Task DeploymentsPage_OperatorRollsQaBack_ThenLocksAndUnlocksIt()
    {
        var first = await site.RunIdAsync(await site.StartRunAsync("qa"));
        await site.WaitForRunAsync(first, "Succeeded", seconds: 90);
        var second = await site.RunIdAsync(await site.StartRunAsync("qa"));
        await site.WaitForRunAsync(second, "Succeeded", seconds: 90);
        var page = await site.SignedInPageAsync();
        await page.GotoAsync("/ui/deployments");
        var qa = page.Locator("section.env[data-environment='qa']");
        await Assertions.Expect(qa.Locator(".current")).ToContainTextAsync($"3.0.{second}");

        // Roll back: the button names the version; the new run deploys the first run's build output again.
        await qa.GetByRole(AriaRole.Button, new() { Name = $"Roll back qa to 3.0.{first}" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/ui/runs/\\d+$"), new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("h1 .badge")).ToHaveTextAsync("succeeded", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("ul.deployments li[data-job='install']")).ToContainTextAsync($"3.0.{first} (rollback of #");
        await page.GetByRole(AriaRole.Link, new() { Name = "Deployments" }).ClickAsync();
        await Assertions.Expect(qa.Locator(".current")).ToContainTextAsync($"3.0.{first} (rollback of #");
        await Assertions.Expect(qa.Locator("table.history tbody tr").First.Locator("td[data-label='Version']")).ToContainTextAsync($"3.0.{first}");
        await Assertions.Expect(qa.Locator("table.history tbody tr").First.Locator("td[data-label='By']")).ToHaveTextAsync(DashboardSite.Operator);

        // Lock with a reason typed and submitted from the keyboard (the field is labelled), then unlock.
        var reason = qa.GetByLabel("Reason");
        await reason.FocusAsync();
        await page.Keyboard.TypeAsync("load test until noon");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/ui/deployments");
        await Assertions.Expect(qa.Locator(".lock")).ToContainTextAsync("locked by alice since");
        await Assertions.Expect(qa.Locator(".lock")).ToContainTextAsync("load test until noon");
        var locked = await DashboardSite.ScreenshotAsync(page, "deployments-rolled-back-and-locked");
        new FileInfo(locked).Length.ShouldBeGreaterThan(5_000);
        await Assertions.Expect(qa.Locator(".current")).ToBeVisibleAsync();
        await Assertions.Expect(qa.Locator("table.history")).ToBeVisibleAsync();
        (await qa.GetByRole(AriaRole.Button, new() { Name = "Roll back qa" }).CountAsync()).ShouldBe(0, "a roll back would be refused while locked");

        await qa.GetByRole(AriaRole.Button, new() { Name = "Unlock qa" }).ClickAsync();
        await Assertions.Expect(qa.Locator(".lock")).ToContainTextAsync("not locked");
        await page.Context.CloseAsync();
    }
}
