using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Sluice.Engine.Storage;
using Sluice.Server.Queue;
using Sluice.Server.Tests.FakeGitHub;
using Sluice.Server.Tests.Support;
using Sluice.Server.Webhooks;

namespace Sluice.Server.Tests.Inbox;

/// <summary>The server as a child process, killed with SIGKILL: nothing accepted is lost, interrupted runs resume.</summary>
public sealed class CrashRecoveryTests : IAsyncLifetime
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly TempDirectory temp = new();
    private FakeGitHubServer github = null!;
    private TestRepo repo = null!;
    private string configFile = "";

    public async Task InitializeAsync()
    {
        github = await FakeGitHubServer.StartAsync();
        repo = new TestRepo(Path.Combine(temp.Path, "origin"));
        configFile = Path.Combine(temp.Path, "sluice.yml");
        await File.WriteAllTextAsync(configFile, $"""
            listen: http://127.0.0.1:0
            data-dir: {Path.Combine(temp.Path, "data")}
            github:
              api-url: {github.Url}
            api-tokens:
              test: {ServerHarness.ApiToken}
            repos:
              - name: {Payloads.Repository}
                clone-url: {repo.Path}
                webhook-secret: "{ServerHarness.Secret}"
                token: gh-token
            """);
    }

    public async Task DisposeAsync()
    {
        await github.DisposeAsync();
        temp.Dispose();
    }

    [Fact]
    public async Task Sigterm_StopsTheServerCleanly()
    {
        using var server = await ServerProcess.StartAsync(configFile);

        var exitCode = await server.TerminateAsync(TimeSpan.FromSeconds(20));

        exitCode.ShouldBe(0, server.Output);
        server.Output.ShouldContain("sluice serve: stopping");
    }

    [Fact]
    public async Task Sigkill_AfterThe202_DeliveryIsProcessedAfterRestart()
    {
        var sha = repo.Commit("ci", (".sluice/ci.yml", Pipelines.Ci));
        using (var first = await ServerProcess.StartAsync(configFile, "--paused"))
        {
            using var http = Client(first.Address);
            using var response = await SendAsync(http, Payloads.Push(sha, created: true), "crash-delivery");
            (await response.Content.ReadAsStringAsync()).ShouldContain("\"accepted\"");
            first.Kill();
        }

        using var second = await ServerProcess.StartAsync(configFile);
        using var client = Client(second.Address);
        var items = await WaitForAsync(client, items => items.Count == 1 && items[0].IsTerminal);

        items[0].DeliveryId.ShouldBe("crash-delivery");
        items[0].State.ShouldBe(QueueState.Succeeded, second.Output);
        github.StatusesOf(sha)["sluice/ci/test"].ShouldBe("success");
    }

    [Fact]
    public async Task Sigkill_DuringARun_RunResumesAfterRestartReusingFinishedJobs()
    {
        var sha = repo.Commit("ci", (".sluice/slow.yml", """
            name: slow
            on:
              push: {}
            jobs:
              first:
                run: echo first
              second:
                needs: [first]
                run: if [ ! -f "$SLUICE_WORKSPACE/../../../resumed" ]; then sleep 60; fi; echo second
            """));
        long firstRun;
        using (var first = await ServerProcess.StartAsync(configFile))
        {
            using var http = Client(first.Address);
            await SendAsync(http, Payloads.Push(sha, created: true), "slow-delivery");
            var running = await WaitForAsync(http, items => items.Count == 1 && items[0].RunId is not null);
            firstRun = running[0].RunId!.Value;
            await WaitForJobAsync(http, firstRun, "second", "Running");
            first.Kill();
        }

        await File.WriteAllTextAsync(Path.Combine(temp.Path, "data", "resumed"), "");
        using var second = await ServerProcess.StartAsync(configFile);
        using var client = Client(second.Address);
        var items = await WaitForAsync(client, items => items.Count == 1 && items[0].IsTerminal);
        var interrupted = await client.GetFromJsonAsync<JsonElement>($"/api/runs/{firstRun}", Json);
        var resumed = await client.GetFromJsonAsync<JsonElement>($"/api/runs/{items[0].RunId}", Json);

        items[0].State.ShouldBe(QueueState.Succeeded, second.Output);
        items[0].RunId.ShouldNotBe(firstRun);
        interrupted.GetProperty("run").GetProperty("state").GetString().ShouldBe(nameof(RunState.Interrupted));
        resumed.GetProperty("run").GetProperty("parentRunId").GetInt64().ShouldBe(firstRun);
        var jobs = resumed.GetProperty("jobs").EnumerateArray().ToDictionary(j => j.GetProperty("key").GetString()!, j => j.GetProperty("reason").ToString());
        jobs["first"].ShouldBe($"reused from run #{firstRun}");
    }

    private static HttpClient Client(string address)
    {
        var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ServerHarness.ApiToken);
        return http;
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, string body, string delivery)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/github") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-GitHub-Event", "push");
        request.Headers.Add("X-GitHub-Delivery", delivery);
        request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(ServerHarness.Secret, Encoding.UTF8.GetBytes(body)));
        return await http.SendAsync(request);
    }

    private static async Task<List<QueueItem>> WaitForAsync(HttpClient http, Func<List<QueueItem>, bool> condition)
    {
        List<QueueItem> items = [];
        for (var i = 0; i < 600; i++)
        {
            items = (await http.GetFromJsonAsync<List<QueueItem>>("/api/queue", Json))!.OrderBy(q => q.Id).ToList();
            if (condition(items))
            {
                return items;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("queue: " + string.Join("; ", items.Select(i => $"{i.Id} {i.State} {i.Reason}")));
    }

    private static async Task WaitForJobAsync(HttpClient http, long runId, string job, string state)
    {
        for (var i = 0; i < 600; i++)
        {
            var run = await http.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}", Json);
            if (run.GetProperty("jobs").EnumerateArray().Any(j => j.GetProperty("key").GetString() == job && j.GetProperty("state").GetString() == state))
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"job {job} of run {runId} never reached {state}");
    }
}
