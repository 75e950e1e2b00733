using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Sluice.Engine.Storage;
using Sluice.Server.Api;
using Sluice.Server.Queue;
using Sluice.Server.Tests.Support;

namespace Sluice.Server.Tests.Api;

/// <summary>The HTTP API over real HTTP: tokens, manual runs with typed inputs, ad-hoc jobs, logs (JSON and SSE), cancel and re-run.</summary>
public sealed class ApiTests : IAsyncLifetime
{
    private const string Deploy = """
        name: deploy
        on:
          manual:
            inputs:
              environment:
                type: choice
                options: [staging, production]
                required: true
              count:
                type: number
                default: 1
              dry:
                type: boolean
        jobs:
          go:
            run: echo "env=${{ inputs.environment }} count=${{ inputs.count }} dry=${{ inputs.dry }}"
        """;

    private ServerHarness harness = null!;

    public async Task InitializeAsync()
    {
        harness = await ServerHarness.CreateAsync();
        harness.Repo.Commit("deploy", (".sluice/deploy.yml", Deploy));
        await harness.StartAsync();
    }

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Theory]
    [InlineData(null)]
    [InlineData("not-the-token")]
    public async Task Api_WithoutAValidToken_Returns401(string? token)
    {
        using var client = new HttpClient { BaseAddress = new Uri(harness.Server.Address) };
        client.DefaultRequestHeaders.Authorization = token is null ? null : new AuthenticationHeaderValue("Bearer", token);

        using var list = await client.GetAsync("/api/runs");
        using var start = await client.PostAsJsonAsync("/api/jobs", new { orders = new[] { new { id = "a", run = "true" } } });

        list.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        start.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await harness.Server.Storage.Queue.CountAsync(CancellationToken.None)).ShouldBe(0);
    }

    [Fact]
    public async Task Api_Tokens_AreStoredOnlyAsHashes()
    {
        await harness.StopAsync();
        var bytes = string.Concat(Directory.GetFiles(harness.DataDir, "sluice.db*").Select(f => System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(f))));
        await harness.StartAsync();

        bytes.ShouldNotContain(ServerHarness.ApiToken);
        bytes.ShouldContain(ApiTokens.Hash(ServerHarness.ApiToken));
    }

    [Fact]
    public async Task StartRun_TypedInputs_AreCheckedNormalizedAndPassedToTheRun()
    {
        using var response = await harness.Http.PostAsJsonAsync("/api/runs", new { repository = Payloads.Repository, pipeline = "deploy", inputs = new { environment = "staging", dry = true } });
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var item = (await harness.WaitForFinishedAsync(1)).Single();

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        answer["queueId"]!.GetValue<long>().ShouldBe(item.Id);
        item.State.ShouldBe(QueueState.Succeeded);
        item.RequestedBy.ShouldBe("api:test");
        (await LogTextAsync(item.RunId!.Value)).ShouldContain("env=staging count=1 dry=true");
    }

    [Fact]
    public async Task StartRun_InvalidInputs_Returns400WithEveryProblem()
    {
        using var response = await harness.Http.PostAsJsonAsync("/api/runs", new { repository = Payloads.Repository, pipeline = "deploy", inputs = new { environment = "moon", count = "many", colour = "red" } });
        var text = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        text.ShouldContain("unknown input `colour`");
        text.ShouldContain("`moon` is not one of staging, production");
        text.ShouldContain("expected a number, found `many`");
    }

    [Fact]
    public async Task StartJobs_OrdersWithNeedsTimeoutsAndEnv_RunAsOneRun()
    {
        using var response = await harness.Http.PostAsJsonAsync("/api/jobs", new
        {
            name = "provision",
            env = new Dictionary<string, string> { ["REGION"] = "eu-west" },
            orders = new object[]
            {
                new { id = "plan", run = "echo \"plan $REGION $SIZE\"", env = new Dictionary<string, string> { ["SIZE"] = "large" } },
                new { id = "apply", run = "sleep 5", needs = new[] { "plan" }, timeout = "1s" },
                new { id = "notify", run = "echo notified", needs = new[] { "plan" } },
                new { id = "verify", run = "echo verified", needs = new[] { "apply" } },
            },
        });
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var item = (await harness.WaitForFinishedAsync(1)).Single();
        var jobs = (await harness.Server.Storage.Runs.GetJobsAsync(item.RunId!.Value, CancellationToken.None)).ToDictionary(j => j.Key);

        item.Kind.ShouldBe(QueueKind.Jobs);
        item.State.ShouldBe(QueueState.Failed);
        jobs["plan"].State.ShouldBe(JobState.Succeeded);
        jobs["apply"].State.ShouldBe(JobState.Failed);
        jobs["apply"].Reason!.ShouldContain("timed out");
        jobs["notify"].State.ShouldBe(JobState.Succeeded);
        jobs["verify"].State.ShouldBe(JobState.Skipped);
        (await LogTextAsync(item.RunId!.Value, "plan")).ShouldContain("plan eu-west large");
    }

    [Theory]
    [InlineData("{\"orders\": []}", "`orders` must list")]
    [InlineData("{\"orders\": [{\"id\": \"a\"}]}", "needs an `id` and a `run`")]
    [InlineData("{\"orders\": [{\"id\": \"a\", \"run\": \"true\", \"needs\": [\"ghost\"]}]}", "ghost")]
    [InlineData("{\"orders\": [{\"id\": \"a\", \"run\": \"true\", \"timeout\": \"soon\"}]}", "soon")]
    public async Task StartJobs_InvalidOrders_Returns400WithTheReason(string body, string reason)
    {
        using var response = await harness.Http.PostAsync("/api/jobs", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain(reason);
    }

    [Fact]
    public async Task Logs_AsServerSentEvents_StreamLinesUntilTheRunEnds()
    {
        await harness.Http.PostAsJsonAsync("/api/jobs", new { orders = new[] { new { id = "count", run = "for i in 1 2 3; do echo line $i; sleep 0.3; done" } } });
        var running = (await harness.WaitForQueueAsync(items => items.Count == 1 && items[0].RunId is not null)).Single();

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/runs/{running.RunId}/logs");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await harness.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var stream = await response.Content.ReadAsStringAsync();

        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        stream.IndexOf("line 1", StringComparison.Ordinal).ShouldBeLessThan(stream.IndexOf("line 3", StringComparison.Ordinal));
        stream.ShouldContain("event: log\ndata: {");
        stream.ShouldEndWith("event: end\ndata: {\"state\":\"Succeeded\"}\n\n");
    }

    [Fact]
    public async Task CancelAndRerun_ThroughTheApi()
    {
        await harness.Http.PostAsJsonAsync("/api/jobs", new
        {
            orders = new object[]
            {
                new { id = "quick", run = "echo quick" },
                new { id = "slow", run = "if [ \"$SLUICE_RUN_ID\" = 1 ]; then sleep 30; fi", needs = new[] { "quick" } },
            },
        });
        var running = (await harness.WaitForQueueAsync(items => items.Count == 1 && items[0].RunId is not null)).Single();
        await harness.WaitForQueueAsync(_ => harness.Server.Storage.Runs.GetJobsAsync(running.RunId!.Value, CancellationToken.None).Result.Any(j => j.Key == "slow" && j.State == JobState.Running));

        using var cancel = await harness.Http.PostAsync($"/api/runs/{running.RunId}/cancel", null);
        var cancelled = (await harness.WaitForFinishedAsync(1, seconds: 20)).Single();
        using var rerun = await harness.Http.PostAsync($"/api/runs/{running.RunId}/rerun?failed=true", null);
        var items = await harness.WaitForFinishedAsync(2, seconds: 20);

        cancel.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        cancelled.State.ShouldBe(QueueState.Cancelled);
        rerun.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        items[1].State.ShouldBe(QueueState.Succeeded);
        var jobs = await harness.Server.Storage.Runs.GetJobsAsync(items[1].RunId!.Value, CancellationToken.None);
        jobs.Single(j => j.Key == "quick").Reason.ShouldBe($"reused from run #{running.RunId}");
    }

    private async Task<string> LogTextAsync(long runId, string? job = null)
    {
        var lines = await harness.Server.Storage.Runs.GetLogsAsync(runId, job, 0, 1000, CancellationToken.None);
        return string.Join('\n', lines.Select(l => l.Text));
    }
}
