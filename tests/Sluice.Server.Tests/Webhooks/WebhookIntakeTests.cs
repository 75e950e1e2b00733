using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Sluice.Server.Tests.Support;

namespace Sluice.Server.Tests.Webhooks;

/// <summary>POST /hooks/github over real HTTP: signatures, malformed bodies, ignored events, duplicates.</summary>
public sealed class WebhookIntakeTests : IAsyncLifetime
{
    private ServerHarness harness = null!;
    private string main = "";

    public async Task InitializeAsync()
    {
        harness = await ServerHarness.CreateAsync();
        main = harness.Repo.Commit("ci", (".sluice/ci.yml", Pipelines.Ci));
        await harness.StartAsync();
    }

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Fact]
    public async Task Receive_MissingSignature_Returns401()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/github") { Content = new StringContent(Payloads.Push(main)) };
        request.Headers.Add("X-GitHub-Event", "push");
        request.Headers.Add("X-GitHub-Delivery", "d-1");

        using var response = await harness.Http.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.Content.ReadAsStringAsync()).ShouldContain("missing X-Hub-Signature-256");
    }

    [Fact]
    public async Task Receive_SignedWithAnotherSecret_Returns401AndStoresNothing()
    {
        using var response = await harness.SendAsync("push", Payloads.Push(main), "d-2", secret: "wrong secret");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await harness.Server.Storage.Inbox.FindAsync("d-2", CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task Receive_BodyChangedAfterSigning_Returns401()
    {
        var body = Payloads.Push(main);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/github") { Content = new StringContent(body.Replace("octocat", "mallory", StringComparison.Ordinal)) };
        request.Headers.Add("X-GitHub-Event", "push");
        request.Headers.Add("X-GitHub-Delivery", "d-3");
        request.Headers.Add("X-Hub-Signature-256", Sluice.Server.Webhooks.WebhookSignature.Sign(ServerHarness.Secret, Encoding.UTF8.GetBytes(body)));

        using var response = await harness.Http.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Receive_MalformedJson_Returns400WithReason()
    {
        using var response = await harness.SendAsync("push", "{\"ref\": \"refs/heads/main\", ");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("malformed JSON");
    }

    [Fact]
    public async Task Receive_PushWithoutAfter_Returns400NamingTheField()
    {
        var body = JsonNode.Parse(Payloads.Push(main))!.AsObject();
        body.Remove("after");

        using var response = await harness.SendAsync("push", body.ToJsonString());

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("missing field `after`");
    }

    [Fact]
    public async Task Receive_PullRequestWithoutHeadSha_Returns400NamingTheField()
    {
        var body = JsonNode.Parse(Payloads.PullRequest("opened", 3, main, "x", main))!.AsObject();
        body["pull_request"]!["head"]!.AsObject().Remove("sha");

        using var response = await harness.SendAsync("pull_request", body.ToJsonString());

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("pull_request.head.sha");
    }

    [Fact]
    public async Task Receive_MissingDeliveryHeader_Returns400()
    {
        var body = Payloads.Push(main);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/github") { Content = new StringContent(body) };
        request.Headers.Add("X-GitHub-Event", "push");
        request.Headers.Add("X-Hub-Signature-256", Sluice.Server.Webhooks.WebhookSignature.Sign(ServerHarness.Secret, Encoding.UTF8.GetBytes(body)));

        using var response = await harness.Http.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("X-GitHub-Delivery");
    }

    [Theory]
    [InlineData("star", "is not used by Sluice")]
    [InlineData("ping", "pong")]
    public async Task Receive_UnknownEventOrPing_Returns202IgnoredWithReason(string eventName, string reason)
    {
        using var response = await harness.SendAsync(eventName, Payloads.Ping(), "d-" + eventName);

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        answer["status"]!.GetValue<string>().ShouldBe("ignored");
        answer["reason"]!.GetValue<string>().ShouldContain(reason);
        (await harness.Server.Storage.Inbox.FindAsync("d-" + eventName, CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task Receive_PullRequestLabeled_Returns202IgnoredWithReason()
    {
        using var response = await harness.SendAsync("pull_request", Payloads.PullRequest("labeled", 3, main, "x", main));

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await response.Content.ReadAsStringAsync()).ShouldContain("action `labeled` starts nothing");
    }

    [Fact]
    public async Task Receive_SameDeliveryTwice_SecondIsDuplicateAndOnlyOneRunHappens()
    {
        var body = Payloads.Push(main, created: true);

        using var first = await harness.SendAsync("push", body, "same-delivery");
        using var second = await harness.SendAsync("push", body, "same-delivery");
        var items = await harness.WaitForFinishedAsync(1);
        using var third = await harness.SendAsync("push", body, "same-delivery");
        await harness.WaitForInboxAsync();

        first.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await first.Content.ReadAsStringAsync()).ShouldContain("\"accepted\"");
        (await second.Content.ReadAsStringAsync()).ShouldContain("\"duplicate\"");
        (await third.Content.ReadAsStringAsync()).ShouldContain("\"duplicate\"");
        items.Count.ShouldBe(1);
        (await harness.Server.Storage.Queue.CountAsync(CancellationToken.None)).ShouldBe(1);
        (await harness.Server.Storage.Runs.ListRunsAsync(new Sluice.Engine.Storage.RunQuery(), CancellationToken.None)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Receive_RepositoryNotServed_Returns202Ignored()
    {
        var body = JsonNode.Parse(Payloads.Push(main))!.AsObject();
        body["repository"]!["full_name"] = "someone/else";

        using var response = await harness.SendAsync("push", body.ToJsonString());

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await response.Content.ReadAsStringAsync()).ShouldContain("not served here");
    }
}
