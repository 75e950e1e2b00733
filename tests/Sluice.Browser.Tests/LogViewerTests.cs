using System.Diagnostics;
using Microsoft.Playwright;
using Sluice.Browser.Tests.Support;
using Xunit.Abstractions;

namespace Sluice.Browser.Tests;

/// <summary>The log viewer on a 100,000-line log: time to show it all, rows kept few, search, line links, raw download.</summary>
public sealed class LogViewerTests(DashboardSite site, ITestOutputHelper output) : IClassFixture<DashboardSite>
{
    [Fact]
    public async Task LogsPage_100000Lines_LoadsFastSearchesAndJumpsToLineLinks()
    {
        var runId = await site.RunIdAsync(await site.StartRunAsync("big"));
        await site.WaitForRunAsync(runId, "Succeeded", seconds: 90);
        var page = await site.SignedInPageAsync();

        var clock = Stopwatch.StartNew();
        await page.GotoAsync($"/ui/runs/{runId}/logs?job=print");
        var log = page.Locator("#log");
        await Assertions.Expect(log).ToHaveAttributeAsync("data-done", "true", new() { Timeout = 60_000 });
        var loaded = clock.Elapsed;
        await Assertions.Expect(page.Locator("#log-status")).ToHaveTextAsync("100,001 lines · finished (succeeded)");
        await Assertions.Expect(page.Locator(".ln[data-n='100001']")).ToBeVisibleAsync();
        var shown = clock.Elapsed;
        var rows = await page.Locator(".ln").CountAsync();
        rows.ShouldBeLessThan(200, "only the rows in view (and a margin) are in the page");
        await Assertions.Expect(page.Locator(".ln[data-n='100000'] .a-f3")).ToHaveTextAsync("colour");

        // Search: every match counted, the first one scrolled to and marked.
        clock.Restart();
        await page.GetByLabel("Search").FillAsync("line 9999");
        await page.GetByLabel("Search").PressAsync("Enter");
        await Assertions.Expect(page.Locator("#log-matches")).ToHaveTextAsync("1 of 11 matches");
        var searched = clock.Elapsed;
        await Assertions.Expect(page.Locator(".ln.current mark")).ToHaveTextAsync("line 9999");
        await page.Locator("#log-next").ClickAsync();
        await Assertions.Expect(page.Locator("#log-matches")).ToHaveTextAsync("2 of 11 matches");
        await Assertions.Expect(page.Locator(".ln.current .txt")).ToContainTextAsync("line 99990 ");

        // A line link opened directly: the line is scrolled into view and highlighted.
        var linked = await page.Context.NewPageAsync();
        clock.Restart();
        await linked.GotoAsync($"/ui/runs/{runId}/logs?job=print#L50001");
        await Assertions.Expect(linked.Locator(".ln.target")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        var jumped = clock.Elapsed;
        await Assertions.Expect(linked.Locator(".ln.target .txt")).ToContainTextAsync("line 50000 colour");
        new FileInfo(await DashboardSite.ScreenshotAsync(linked, "log-100k-line-link")).Length.ShouldBeGreaterThan(5_000);

        // The raw download is the stored text, colour codes included.
        var raw = await page.APIRequest.GetAsync($"/ui/runs/{runId}/logs/raw?job=print");
        raw.Status.ShouldBe(200);
        var text = await raw.TextAsync();
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(100_001);
        text.ShouldContain("line 100000 \u001b[33mcolour\u001b[0m padding text for width\n");
        (raw.Headers["content-disposition"]).ShouldContain("attachment");

        var figures = $"100,001-line log: streamed and complete {loaded.TotalMilliseconds:0} ms after navigation (last line visible at {shown.TotalMilliseconds:0} ms; {rows} rows in the page); " +
            $"search over all lines {searched.TotalMilliseconds:0} ms; #L50001 opened and shown in {jumped.TotalMilliseconds:0} ms";
        output.WriteLine(figures);
        await File.WriteAllTextAsync(Path.Combine(DashboardSite.ScreenshotDirectory, "log-figures.txt"), figures + "\n");
        loaded.ShouldBeLessThan(TimeSpan.FromSeconds(15));
        await page.Context.CloseAsync();
    }
}
