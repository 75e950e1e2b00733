using System.Net;
using System.Net.Http.Headers;
using Sluice.Engine.Storage;
using Sluice.Server.Dashboard;
using Sluice.Server.Tests.Support;

namespace Sluice.Server.Tests.Dashboard;

/// <summary>The pages and feeds over real HTTP, on runs recorded in the server's store (and one real pushed run).</summary>
public sealed class DashboardPagesTests : IAsyncLifetime
{
    private ServerHarness harness = null!;
    private DashboardClient client = null!;

    public async Task InitializeAsync()
    {
        harness = await DashboardSetup.StartAsync();
        client = await DashboardSetup.SignedInAsync(harness);
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await harness.DisposeAsync();
    }

    [Fact]
    public async Task RunsPage_NewestFirst_FiltersByBranchAndState()
    {
        var old = await DashboardSetup.RecordRunAsync(harness, RunState.Succeeded, "main", ("a", "a", [], JobState.Succeeded, 1));
        var feature = await DashboardSetup.RecordRunAsync(harness, RunState.Failed, "feature/x", ("a", "a", [], JobState.Failed, 1));
        var newest = await DashboardSetup.RecordRunAsync(harness, RunState.Succeeded, "main", ("a", "a", [], JobState.Succeeded, 1));

        var all = await client.PageAsync("/ui/");
        all.IndexOf($"#{newest}<", StringComparison.Ordinal).ShouldBeLessThan(all.IndexOf($"#{feature}<", StringComparison.Ordinal));
        all.IndexOf($"#{feature}<", StringComparison.Ordinal).ShouldBeLessThan(all.IndexOf($"#{old}<", StringComparison.Ordinal));
        all.ShouldContain("3 runs, newest first");

        var branch = await client.PageAsync("/ui/?branch=feature%2Fx");
        branch.ShouldContain($"#{feature}<");
        branch.ShouldNotContain($"#{newest}<");
        branch.ShouldContain("value=\"feature/x\"");

        var failed = await client.PageAsync("/ui/?state=failed&branch=main");
        failed.ShouldContain("No runs match.");
    }

    [Fact]
    public async Task RunPage_DrawsTheGraphWithMatrixGroupedAndTheCriticalPath()
    {
        var id = await DashboardSetup.RecordRunAsync(harness, RunState.Failed, "main",
            ("build", "build", [], JobState.Succeeded, 10),
            ("test (n=1)", "test", ["build"], JobState.Succeeded, 5),
            ("test (n=2)", "test", ["build"], JobState.Failed, 30),
            ("lint", "lint", [], JobState.Succeeded, 2),
            ("deploy", "deploy", ["test (n=1)", "test (n=2)", "lint"], JobState.Skipped, 0));
        var page = await client.PageAsync($"/ui/runs/{id}");
        page.ShouldContain("<g class=\"node s-failed critical matrix\" data-job=\"test\"");
        page.ShouldContain("<tspan class=\"count\">× 2</tspan>");
        page.ShouldContain("<path class=\"edge critical\" data-from=\"build\" data-to=\"test\"");
        page.ShouldContain("<path class=\"edge\" data-from=\"lint\" data-to=\"deploy\"");
        page.ShouldContain("<span id=\"critical-path\">build → test (n=2)</span>");
        page.ShouldContain("aria-label=\"test (n=2): failed · 30s, on the critical path\"");
        page.ShouldContain("step of test (n=2) <span class=\"sub\">30s · exit 2</span>");
        page.ShouldContain("id=\"rerun-failed\"");
        page.ShouldContain("data-terminal=\"true\"");
    }

    [Fact]
    public async Task RunPage_UnknownRun_Is404InTheFrame()
    {
        using var response = await client.Http.GetAsync("/ui/runs/999");
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Run #999 does not exist");
    }

    [Fact]
    public async Task Pages_CarryAStrictContentSecurityPolicy()
    {
        using var response = await client.Http.GetAsync("/ui/");
        response.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("script-src 'self'");
        response.Headers.GetValues("X-Frame-Options").Single().ShouldBe("DENY");
        (await response.Content.ReadAsStringAsync()).ShouldNotContain("<script>");
    }

    [Fact]
    public async Task LogStream_SendsBatchesThenEnd_AndResumesAfterTheLastEventId()
    {
        var id = await DashboardSetup.RecordRunAsync(harness, RunState.Running, "main", ("a", "a", [], JobState.Running, 1));
        var at = new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
        await harness.Server.Storage.Runs.AppendLogsAsync(
            Enumerable.Range(1, LogFeed.BatchSize + 10).Select(i => new LogLine(id, "a", i, 1, 0, at, i == 3 ? "stderr" : "stdout", i == 2 ? "\u001b[31mred\u001b[0m <b>" : $"line {i}")).ToList(),
            CancellationToken.None);

        using var stream = await OpenStreamAsync(id, null);
        var first = await ReadEventAsync(stream);
        first.ShouldStartWith("event: lines\nid: 5000\ndata: [[1,1748779200000,\"o\",0,\"line 1\"],[2,");
        first.ShouldContain("\"\\u001B[31mred\\u001B[0m \\u003Cb\\u003E\"");
        first.ShouldContain("[3,1748779200000,\"e\",0,\"line 3\"]");
        (await ReadEventAsync(stream)).ShouldStartWith("event: lines\nid: 5010\ndata: [[5001,");

        // Still running: nothing more yet. Finishing the job ends the stream after the last lines.
        await harness.Server.Storage.Runs.AppendLogsAsync([new LogLine(id, "a", 5011, 1, 0, at, "stdout", "last")], CancellationToken.None);
        (await ReadEventAsync(stream)).ShouldContain("[[5011,1748779200000,\"o\",0,\"last\"]]");
        await harness.Server.Storage.Runs.SetJobStateAsync(id, "a", JobState.Succeeded, null, 1, null, at.AddSeconds(3), CancellationToken.None);
        (await ReadEventAsync(stream)).ShouldBe("event: end\ndata: {\"state\":\"succeeded\"}");

        using var resumed = await OpenStreamAsync(id, "5009");
        (await ReadEventAsync(resumed)).ShouldStartWith("event: lines\nid: 5011\ndata: [[5010,");
        (await ReadEventAsync(resumed)).ShouldStartWith("event: end");
    }

    [Fact]
    public async Task RawLog_IsTheStoredTextAsADownload()
    {
        var id = await DashboardSetup.RecordRunAsync(harness, RunState.Succeeded, "main", ("a b", "a", [], JobState.Succeeded, 1));
        var at = new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
        await harness.Server.Storage.Runs.AppendLogsAsync(Enumerable.Range(1, 12_000).Select(i => new LogLine(id, "a b", i, 1, 0, at, "stdout", $"\u001b[1m{i}\u001b[0m")).ToList(), CancellationToken.None);
        using var response = await client.Http.GetAsync($"/ui/runs/{id}/logs/raw?job=a%20b");
        response.Content.Headers.ContentDisposition!.FileName!.Trim('"').ShouldBe($"run-{id}-a-b.log");
        var text = await response.Content.ReadAsStringAsync();
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(12_000);
        text.ShouldEndWith("\u001b[1m12000\u001b[0m\n");
    }

    [Fact]
    public async Task LogsPage_WithoutAJob_OpensTheFailedOne()
    {
        var id = await DashboardSetup.RecordRunAsync(harness, RunState.Failed, "main", ("ok", "ok", [], JobState.Succeeded, 1), ("bad (x=1)", "bad", [], JobState.Failed, 1));
        using var response = await client.Http.GetAsync($"/ui/runs/{id}/logs");
        response.Headers.Location!.ToString().ShouldBe($"/ui/runs/{id}/logs?job=bad%20%28x%3D1%29");
        var page = await client.PageAsync(response.Headers.Location!.ToString());
        page.ShouldContain($"data-stream=\"/ui/runs/{id}/logs/stream?job=bad%20%28x%3D1%29\"");
        page.ShouldContain("<label class=\"search\">Search <input type=\"search\" id=\"log-search\"");
    }

    [Fact]
    public async Task Assets_AreEmbeddedWithAnETag()
    {
        using var first = await client.Http.GetAsync("/ui/assets/logs.js");
        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        first.Content.Headers.ContentType!.MediaType.ShouldBe("text/javascript");
        (await first.Content.ReadAsStringAsync()).ShouldContain("EventSource");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/ui/assets/logs.js");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var again = await client.Http.SendAsync(request);
        again.StatusCode.ShouldBe(HttpStatusCode.NotModified);
        using var missing = await client.Http.GetAsync("/ui/assets/nope.js");
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task PushedRun_CommitMessageIsEncoded_AndItsDeployJobShowsOnDeployments()
    {
        var sha = harness.Repo.Commit("<script>alert(1)</script> & more", (".sluice/ci.yml", """
            name: ci
            on:
              push:
                branches: ["**"]
            jobs:
              build:
                run: echo build
              ship:
                needs: [build]
                environment: production
                run: echo shipped
            """));
        (await harness.SendAsync("push", Payloads.Push(sha))).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await harness.WaitForFinishedAsync(1);

        var runs = await client.PageAsync("/ui/");
        runs.ShouldContain("<span class=\"msg\">&lt;script&gt;alert(1)&lt;/script&gt; &amp; more</span>");
        runs.ShouldNotContain("<script>alert(1)");

        var deployments = await client.PageAsync("/ui/deployments");
        deployments.ShouldContain("data-environment=\"production\"");
        deployments.ShouldContain($"<dd class=\"current\"><code class=\"version\">{sha[..12]}</code> &lt;script&gt;");
    }

    private async Task<StreamReader> OpenStreamAsync(long id, string? lastEventId)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/ui/runs/{id}/logs/stream?job=a");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await client.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        (await ReadEventAsync(reader)).ShouldBe("retry: 2000");
        return reader;
    }

    /// <summary>The next SSE block (lines up to a blank line), skipping keep-alive comments; fails after 10 s.</summary>
    private static async Task<string> ReadEventAsync(StreamReader reader)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var lines = new List<string>();
            while (await reader.ReadLineAsync(timeout.Token) is { Length: > 0 } line)
            {
                lines.Add(line);
            }

            if (lines.Count > 0 && !lines.All(l => l.StartsWith(':')))
            {
                return string.Join('\n', lines);
            }
        }
    }
}
