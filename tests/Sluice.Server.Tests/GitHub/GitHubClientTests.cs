using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Sluice.Server.GitHub;
using Sluice.Server.Tests.FakeGitHub;

namespace Sluice.Server.Tests.GitHub;

/// <summary>The REST client against the fake GitHub over HTTP: retries, rate limits, failures as values.</summary>
public sealed class GitHubClientTests : IAsyncLifetime
{
    private FakeGitHubServer github = null!;
    private HttpClient http = null!;

    public async Task InitializeAsync()
    {
        github = await FakeGitHubServer.StartAsync();
        http = new HttpClient();
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await github.DisposeAsync();
    }

    [Fact]
    public async Task CreateStatus_ServerErrorsThenSuccess_RetriesUntilItWorks()
    {
        github.FailNext(2);

        var result = await Client().CreateStatusAsync("o/r", "t", "abc", new CommitStatus("success", "sluice/ci/test", "ok", null), CancellationToken.None);

        result.Ok.ShouldBeTrue(result.Error);
        github.Calls.Count.ShouldBe(3);
        github.StatusesOf("abc")["sluice/ci/test"].ShouldBe("success");
    }

    [Fact]
    public async Task CreateStatus_AlwaysFailing_ReturnsTheErrorAsAValue()
    {
        github.FailNext(100);

        var result = await Client().CreateStatusAsync("o/r", "t", "abc", new CommitStatus("success", "c", "d", null), CancellationToken.None);

        result.Ok.ShouldBeFalse();
        result.Error!.ShouldContain("503");
        github.Calls.Count.ShouldBe(5, "one call and four retries");
    }

    [Fact]
    public async Task CreateComment_RateLimited_WaitsForTheResetThenSucceeds()
    {
        github.RateLimitNext(1);
        var clock = Stopwatch.StartNew();

        var result = await Client().CreateCommentAsync("o/r", "t", 3, "hello", CancellationToken.None);

        result.Ok.ShouldBeTrue(result.Error);
        // The reset is two whole seconds ahead (GitHub sends epoch seconds), so the wait is between 1 and 2 s.
        clock.Elapsed.ShouldBeGreaterThan(TimeSpan.FromMilliseconds(900), "it waited for X-RateLimit-Reset, not the 10 ms backoff");
        github.Comments.Single().Body.ShouldBe("hello");
    }

    [Fact]
    public async Task UpdateComment_EditsInPlace_AndLongDescriptionsAreCutTo140()
    {
        var client = Client();
        var created = await client.CreateCommentAsync("o/r", "t", 3, "v1", CancellationToken.None);
        await client.UpdateCommentAsync("o/r", "t", created.Value, "v2", CancellationToken.None);
        await client.CreateStatusAsync("o/r", "t", "abc", new CommitStatus("failure", "c", new string('d', 300), null), CancellationToken.None);

        github.Comments.Single().ShouldBe(new FakeComment(created.Value, 3, "v2", 1));
        github.StatusCalls("abc", "c").Single().Field("description")!.Length.ShouldBe(140);
    }

    [Fact]
    public async Task GetPullRequest_FromFork_ReadsHeadAndBase()
    {
        github.AddPullRequest("o/r", 4, "headsha", "topic", "basesha", "main", "fork/r");

        var pr = (await Client().GetPullRequestAsync("o/r", "t", 4, CancellationToken.None)).Value!;

        pr.ShouldBe(new PullRequestInfo(4, "headsha", "topic", "main", "basesha", "fork/r", "o/r", "octocat"));
        pr.IsFork.ShouldBeTrue();
    }

    private GitHubClient Client() => new(http, github.Url, TimeProvider.System, NullLogger.Instance, TimeSpan.FromMilliseconds(10));
}
