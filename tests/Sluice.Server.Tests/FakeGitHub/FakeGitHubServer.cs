using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sluice.Server.Tests.FakeGitHub;

/// <summary>
/// A stand-in for api.github.com on 127.0.0.1 (Kestrel, a free port), built from GitHub's documented REST shapes:
/// <c>POST /repos/{o}/{r}/statuses/{sha}</c> (201, the status), <c>POST /repos/{o}/{r}/issues/{n}/comments</c>
/// (201, the comment with its id), <c>PATCH /repos/{o}/{r}/issues/comments/{id}</c> (200), and
/// <c>GET /repos/{o}/{r}/pulls/{n}</c> (200, the pull request; 404 when unknown). Every call is recorded. Requests
/// without <c>Authorization: Bearer</c> get 401, as GitHub answers writes. Failures can be injected: the next N
/// calls answer 503, or 403 with <c>X-RateLimit-Remaining: 0</c> and a reset time.
/// </summary>
internal sealed class FakeGitHubServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<GitHubCall> calls = new();
    private readonly ConcurrentDictionary<long, FakeComment> comments = new();
    private readonly ConcurrentDictionary<int, JsonObject> pulls = new();
    private long nextCommentId = 9000;
    private int failNext;
    private int rateLimitNext;

    private FakeGitHubServer(WebApplication app) => this.app = app;

    public string Url { get; private set; } = "";

    public IReadOnlyList<GitHubCall> Calls => calls.ToList();

    public IReadOnlyList<FakeComment> Comments => comments.Values.OrderBy(c => c.Id).ToList();

    /// <summary>The latest state per status context of a commit.</summary>
    public IReadOnlyDictionary<string, string> StatusesOf(string sha) => calls
        .Where(c => c.Method == "POST" && c.Path.EndsWith("/statuses/" + sha, StringComparison.Ordinal))
        .GroupBy(c => c.Field("context")!)
        .ToDictionary(g => g.Key, g => g.Last().Field("state")!);

    public IReadOnlyList<GitHubCall> StatusCalls(string sha, string context) =>
        calls.Where(c => c.Method == "POST" && c.Path.EndsWith("/statuses/" + sha, StringComparison.Ordinal) && c.Field("context") == context).ToList();

    public void FailNext(int count) => Interlocked.Exchange(ref failNext, count);

    public void RateLimitNext(int count) => Interlocked.Exchange(ref rateLimitNext, count);

    public void AddPullRequest(string repository, int number, string headSha, string headRef, string baseSha, string baseRef, string? headRepository = null)
    {
        pulls[number] = new JsonObject
        {
            ["number"] = number,
            ["state"] = "open",
            ["user"] = new JsonObject { ["login"] = "octocat" },
            ["head"] = new JsonObject { ["sha"] = headSha, ["ref"] = headRef, ["repo"] = headRepository is null ? null : new JsonObject { ["full_name"] = headRepository } },
            ["base"] = new JsonObject { ["sha"] = baseSha, ["ref"] = baseRef, ["repo"] = new JsonObject { ["full_name"] = repository } },
        };
    }

    public static async Task<FakeGitHubServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeGitHubServer(app);
        app.Use(async (context, next) =>
        {
            var text = await new StreamReader(context.Request.Body).ReadToEndAsync();
            var body = text.Length > 0 ? JsonNode.Parse(text) : null;
            fake.calls.Enqueue(new GitHubCall(context.Request.Method, context.Request.Path.Value ?? "", context.Request.Headers.Authorization.ToString(), body));
            context.Items["body"] = body;
            if (!context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.Ordinal))
            {
                await Results.Json(new { message = "Requires authentication" }, statusCode: 401).ExecuteAsync(context);
                return;
            }

            if (Interlocked.Decrement(ref fake.failNext) >= 0)
            {
                await Results.Json(new { message = "Service Unavailable" }, statusCode: 503).ExecuteAsync(context);
                return;
            }

            if (Interlocked.Decrement(ref fake.rateLimitNext) >= 0)
            {
                context.Response.Headers["X-RateLimit-Remaining"] = "0";
                context.Response.Headers["X-RateLimit-Reset"] = (TimeProvider.System.GetUtcNow().ToUnixTimeSeconds() + 2).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await Results.Json(new { message = "API rate limit exceeded" }, statusCode: 403).ExecuteAsync(context);
                return;
            }

            await next(context);
        });
        app.MapPost("/repos/{owner}/{repo}/statuses/{sha}", (HttpContext c) =>
            Results.Json(new { id = 1, state = ((JsonNode)c.Items["body"]!)["state"]!.GetValue<string>(), context = ((JsonNode)c.Items["body"]!)["context"]!.GetValue<string>() }, statusCode: 201));
        app.MapPost("/repos/{owner}/{repo}/issues/{number:int}/comments", (int number, HttpContext c) =>
        {
            var id = Interlocked.Increment(ref fake.nextCommentId);
            var comment = new FakeComment(id, number, ((JsonNode)c.Items["body"]!)["body"]!.GetValue<string>(), 0);
            fake.comments[id] = comment;
            return Results.Json(new { id, body = comment.Body, html_url = $"https://github.com/x/y/pull/{number}#issuecomment-{id}" }, statusCode: 201);
        });
        app.MapMethods("/repos/{owner}/{repo}/issues/comments/{id:long}", ["PATCH"], (long id, HttpContext c) =>
        {
            if (!fake.comments.TryGetValue(id, out var existing))
            {
                return Results.Json(new { message = "Not Found" }, statusCode: 404);
            }

            fake.comments[id] = existing with { Body = ((JsonNode)c.Items["body"]!)["body"]!.GetValue<string>(), Edits = existing.Edits + 1 };
            return Results.Json(new { id, body = fake.comments[id].Body });
        });
        app.MapGet("/repos/{owner}/{repo}/pulls/{number:int}", (int number) =>
            fake.pulls.TryGetValue(number, out var pr) ? Results.Content(pr.ToJsonString(), "application/json") : Results.Json(new { message = "Not Found" }, statusCode: 404));
        await app.StartAsync();
        fake.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
