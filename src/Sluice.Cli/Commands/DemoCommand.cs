using System.CommandLine;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Sluice.Engine.Git;
using Sluice.Server.Api;
using Sluice.Server.Config;
using Sluice.Server.Hosting;
using Sluice.Server.Queue;
using Sluice.Server.Webhooks;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice demo</c>: a throwaway git repository made from <c>examples/python-lib</c> (needs bash, git, python3), the
/// server on 127.0.0.1 with SQLite and a local stand-in for GitHub, a signed push to main and a signed pull request
/// (whose change breaks a test), both run; then it prints what happened and where to look. <c>--exit</c> stops after.
/// </summary>
internal static class DemoCommand
{
    private const string Repository = "demo/pylib";

    public static Command Create(TimeProvider time)
    {
        var exit = new Option<bool>("--exit") { Description = "Stop the server once the demo runs have finished" };
        var command = new Command("demo", "Try Sluice in one command: a throwaway repository, the server, a push and a pull request, run and reported.");
        command.Options.Add(exit);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var output = r.InvocationConfiguration.Output;
            var root = Path.Combine(Path.GetTempPath(), "sluice-demo-" + Guid.NewGuid().ToString("N")[..8]);
            var origin = Path.Combine(root, "pylib");
            await output.WriteLineAsync($"sluice demo: creating a throwaway repository in {origin}");
            var (mainSha, prSha) = await DemoRepository.CreateAsync(origin, ct);

            await using var github = await DemoGitHub.StartAsync(ct);
            github.PullRequest = (1, prSha, "fix-add", mainSha, Repository);
            var secret = ApiTokens.Generate();
            var token = ApiTokens.Generate();
            var config = new ServerConfig("http://127.0.0.1:0", Path.Combine(root, "server-data"), null, github.Address, 2, 4, false,
                new Dictionary<string, string> { ["demo"] = token },
                [new RepositoryConfig(Repository, origin, "main", secret, "demo-token", RepositoryConfig.DefaultCommenters, false, new Dictionary<string, string>())],
                TimeSpan.FromMinutes(1));
            await using var server = await SluiceServer.StartAsync(config, new ServerOptions(time, Microsoft.Extensions.Logging.LogLevel.Warning), ct);
            await output.WriteLineAsync($"sluice demo: server listening on {server.Address} (data in {config.DataDir})");

            using var http = new HttpClient { BaseAddress = new Uri(server.Address) };
            await SendAsync(http, secret, "push", PushBody(mainSha), output, ct);
            await SendAsync(http, secret, "pull_request", PullRequestBody(mainSha, prSha), output, ct);

            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            var items = await WaitForRunsAsync(http, ct);
            await PrintAsync(output, server.Address, token, items, github, http, ct);
            if (r.GetValue(exit))
            {
                await output.WriteLineAsync("sluice demo: --exit given; stopping. The repository and data stay in " + root);
                return ExitCodes.Success;
            }

            await output.WriteLineAsync("sluice demo: the server keeps running; press Ctrl+C to stop.");
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task SendAsync(HttpClient http, string secret, string eventName, string body, TextWriter output, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/github") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-GitHub-Event", eventName);
        request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
        request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(secret, Encoding.UTF8.GetBytes(body)));
        using var response = await http.SendAsync(request, ct);
        await output.WriteLineAsync($"sluice demo: sent a signed `{eventName}` delivery → {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
    }

    private static async Task<List<QueueItem>> WaitForRunsAsync(HttpClient http, CancellationToken ct)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
        for (var i = 0; i < 600; i++)
        {
            var items = await http.GetFromJsonAsync<List<QueueItem>>("/api/queue", options, ct) ?? [];
            if (items.Count >= 2 && items.All(q => q.IsTerminal))
            {
                return items;
            }

            await Task.Delay(200, ct);
        }

        throw new TimeoutException("the demo runs did not finish within two minutes");
    }

    private static async Task PrintAsync(TextWriter output, string address, string token, List<QueueItem> items, DemoGitHub github, HttpClient http, CancellationToken ct)
    {
        await output.WriteLineAsync();
        await output.WriteLineAsync("What happened:");
        foreach (var item in items.OrderBy(i => i.Id))
        {
            var page = item.RunId is { } id ? await http.GetStringAsync($"/runs/{id}", ct) : item.Reason ?? "";
            await output.WriteLineAsync($"  {(item.PullRequest is null ? "push to main" : "pull request #1")}: {item.State}");
            foreach (var line in page.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2))
            {
                await output.WriteLineAsync("    " + line.TrimEnd());
            }
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync("Commit statuses GitHub would show:");
        foreach (var (context, status) in github.Statuses.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            await output.WriteLineAsync($"  {context,-36} {status}");
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync("The pull request comment (created once, edited in place as jobs ran):");
        foreach (var comment in github.Comments.Values)
        {
            await output.WriteLineAsync(string.Join('\n', comment.Split('\n').Select(l => "  │ " + l)));
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync("Where to look:");
        await output.WriteLineAsync($"  run pages:  {address}/runs/<id>");
        await output.WriteLineAsync($"  API:        curl -H 'Authorization: Bearer {token}' {address}/api/runs");
        await output.WriteLineAsync($"  live logs:  curl -N -H 'Accept: text/event-stream' -H 'Authorization: Bearer {token}' {address}/api/runs/<id>/logs");
        await output.WriteLineAsync("  docs:       docs/server.md (configuration, webhooks, ChatOps, API)");
    }

    private static string PushBody(string sha) => JsonSerializer.Serialize(new
    {
        @ref = "refs/heads/main", before = "0000000000000000000000000000000000000000", after = sha, created = true, deleted = false, forced = false,
        repository = new { full_name = Repository, default_branch = "main" }, pusher = new { name = "demo" }, sender = new { login = "demo" },
    });

    private static string PullRequestBody(string baseSha, string headSha) => JsonSerializer.Serialize(new
    {
        action = "opened", number = 1,
        pull_request = new
        {
            number = 1, merged = false, user = new { login = "demo" },
            head = new { sha = headSha, @ref = "fix-add", repo = new { full_name = Repository } },
            @base = new { sha = baseSha, @ref = "main", repo = new { full_name = Repository } },
        },
        repository = new { full_name = Repository, default_branch = "main" }, sender = new { login = "demo" },
    });
}
