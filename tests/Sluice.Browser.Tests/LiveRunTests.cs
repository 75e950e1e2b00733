using Microsoft.Playwright;
using Sluice.Browser.Tests.Support;

namespace Sluice.Browser.Tests;

/// <summary>A run followed in the browser while it happens: the graph turns green, the log streams, re-run failed fixes it, staging shows the version.</summary>
public sealed class LiveRunTests(DashboardSite site) : IClassFixture<DashboardSite>
{
    [Fact]
    public async Task RunPage_WhileRunning_JobTurnsGreenLogStreamsAndRerunFailedSucceeds()
    {
        var runId = await site.RunIdAsync(await site.StartRunAsync("live"));
        var page = await site.SignedInPageAsync();

        // The run page shows build running, live.
        await page.GotoAsync($"/ui/runs/{runId}");
        var build = page.Locator("g.node[data-job='build']");
        await Assertions.Expect(build).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("s-running"));
        await Assertions.Expect(page.Locator("h1 .badge")).ToHaveTextAsync("running");
        new FileInfo(await DashboardSite.ScreenshotAsync(page, "run-running")).Length.ShouldBeGreaterThan(5_000);

        // The log streams: the first lines with their ANSI colour, then (after the gate opens) the last line, without a reload.
        var logs = await page.Context.NewPageAsync();
        await logs.GotoAsync($"/ui/runs/{runId}/logs?job=build");
        await Assertions.Expect(logs.Locator(".ln .txt").Filter(new() { HasText = "compiling unit 5" })).ToBeVisibleAsync();
        await Assertions.Expect(logs.Locator(".ln .txt .a-f2").First).ToHaveTextAsync("compiling");
        await Assertions.Expect(logs.Locator("#log-status")).ToContainTextAsync("streaming");
        await File.WriteAllTextAsync(SitePipelines.Gate(site.Root), "open");
        await Assertions.Expect(logs.Locator(".ln .txt").Filter(new() { HasText = "build done" })).ToBeVisibleAsync();
        await Assertions.Expect(logs.Locator("#log-status")).ToContainTextAsync("finished (succeeded)");
        await Assertions.Expect(logs.Locator("#log-head h1 .badge")).ToHaveTextAsync("succeeded");
        await Assertions.Expect(logs.Locator(".job-tabs a[aria-current='page']")).ToHaveClassAsync("s-succeeded");
        new FileInfo(await DashboardSite.ScreenshotAsync(logs, "log-streamed")).Length.ShouldBeGreaterThan(5_000);

        // Back on the run page (never reloaded): build is green, shard 2 failed, the run failed, the critical path drawn.
        await Assertions.Expect(build).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("s-succeeded"));
        await Assertions.Expect(page.Locator("a.inst[data-key='test (shard=2)']")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("s-failed"));
        await Assertions.Expect(page.Locator("h1 .badge")).ToHaveTextAsync("failed", new() { Timeout = 60_000 });
        (await page.Locator("path.edge.critical").CountAsync()).ShouldBeGreaterThanOrEqualTo(1);
        await Assertions.Expect(page.Locator("#critical-path")).ToContainTextAsync("build → test (shard=2)");
        await Assertions.Expect(page.Locator("g.node[data-job='deploy']")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("s-skipped"));
        await DashboardSite.ScreenshotAsync(page, "run-failed");

        // Re-run failed: the page follows the queue item to the new run, which succeeds and deploys to staging.
        await File.WriteAllTextAsync(SitePipelines.Fixed(site.Root), "fixed");
        await page.GetByRole(AriaRole.Button, new() { Name = "Re-run failed jobs" }).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex($"/ui/runs/(?!{runId}$)\\d+$"), new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("h1 .badge")).ToHaveTextAsync("succeeded", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator(".facts")).ToContainTextAsync($"#{runId}");
        await Assertions.Expect(page.Locator("g.node[data-job='deploy']")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("s-succeeded"));
        var rerun = await DashboardSite.ScreenshotAsync(page, "rerun-succeeded");
        new FileInfo(rerun).Length.ShouldBeGreaterThan(5_000);

        await page.GetByRole(AriaRole.Link, new() { Name = "Deployments" }).ClickAsync();
        var staging = page.Locator("section.env[data-environment='staging']");
        await Assertions.Expect(staging.Locator(".current")).ToContainTextAsync(site.MainSha[..7]);
        await Assertions.Expect(staging.Locator(".current")).ToContainTextAsync("Add pipelines <b>not bold</b>");
        await DashboardSite.ScreenshotAsync(page, "deployments");
        await page.Context.CloseAsync();
    }
}
