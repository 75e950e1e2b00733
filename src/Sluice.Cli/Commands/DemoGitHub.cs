using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sluice.Cli.Commands;

/// <summary>
/// For <c>sluice demo</c> only: a stand-in for the three GitHub REST calls the server makes (commit statuses, issue
/// comments, one pull request), on 127.0.0.1, so the demo can show what would appear on GitHub without a network.
/// </summary>
internal sealed class DemoGitHub : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, string> statuses = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, string> comments = new();
    private long nextComment = 1000;

    private DemoGitHub(WebApplication app) => this.app = app;

    public string Address { get; private set; } = "";

    /// <summary>The pull request the demo opens: number, head and base.</summary>
    public (int Number, string HeadSha, string HeadRef, string BaseSha, string Repository) PullRequest { get; set; }

    public IReadOnlyDictionary<string, string> Statuses => statuses;

    public IReadOnlyDictionary<long, string> Comments => comments;

    public static async Task<DemoGitHub> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new DemoGitHub(app);
        app.MapPost("/repos/{owner}/{repo}/statuses/{sha}", async (string sha, HttpRequest request) =>
        {
            using var body = await JsonDocument.ParseAsync(request.Body);
            var root = body.RootElement;
            fake.statuses[$"{sha[..7]} {root.GetProperty("context").GetString()}"] = $"{root.GetProperty("state").GetString()}: {root.GetProperty("description").GetString()}";
            return Results.Json(new { id = 1, state = root.GetProperty("state").GetString() }, statusCode: 201);
        });
        app.MapPost("/repos/{owner}/{repo}/issues/{number:int}/comments", async (HttpRequest request) =>
        {
            using var body = await JsonDocument.ParseAsync(request.Body);
            var id = Interlocked.Increment(ref fake.nextComment);
            fake.comments[id] = body.RootElement.GetProperty("body").GetString()!;
            return Results.Json(new { id, body = fake.comments[id] }, statusCode: 201);
        });
        app.MapMethods("/repos/{owner}/{repo}/issues/comments/{id:long}", ["PATCH"], async (long id, HttpRequest request) =>
        {
            using var body = await JsonDocument.ParseAsync(request.Body);
            fake.comments[id] = body.RootElement.GetProperty("body").GetString()!;
            return Results.Json(new { id, body = fake.comments[id] });
        });
        app.MapGet("/repos/{owner}/{repo}/pulls/{number:int}", () => Results.Json(new
        {
            number = fake.PullRequest.Number,
            head = new { sha = fake.PullRequest.HeadSha, @ref = fake.PullRequest.HeadRef, repo = new { full_name = fake.PullRequest.Repository } },
            @base = new { sha = fake.PullRequest.BaseSha, @ref = "main", repo = new { full_name = fake.PullRequest.Repository } },
        }));
        await app.StartAsync(cancellationToken);
        fake.Address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
