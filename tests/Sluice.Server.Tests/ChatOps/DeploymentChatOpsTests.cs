using Sluice.Engine.Deployments;
using Sluice.Server.Queue;
using Sluice.Server.Tests.Support;

namespace Sluice.Server.Tests.ChatOps;

/// <summary>
/// Deployments through the server: <c>/deploy production</c> respects environments.yml at the pull request's commit
/// (the approval), the waiting deployment is announced on the pull request and as a commit status, and a reviewer's
/// <c>/approve</c> comment lets it start; someone else's does not count.
/// </summary>
public sealed class DeploymentChatOpsTests : IAsyncLifetime
{
    private const string Pipeline = """
        name: deploy
        on:
          comment: ["/deploy {environment}"]
        jobs:
          go:
            environment: ${{ event.command.args.environment }}
            run: echo "deployed to $SLUICE_ENVIRONMENT"
        """;

    private const string Environments = """
        environments:
          staging: {}
          production:
            approval:
              reviewers: [bob, test]
        """;

    private ServerHarness harness = null!;
    private string head = "";

    public async Task InitializeAsync()
    {
        harness = await ServerHarness.CreateAsync();
        var main = harness.Repo.Commit("deploy", (".sluice/deploy.yml", Pipeline), (".sluice/environments.yml", Environments));
        harness.Repo.Checkout("topic", create: true);
        head = harness.Repo.Commit("topic", ("topic.txt", "t"));
        harness.Repo.Checkout("main");
        harness.GitHub.AddPullRequest(Payloads.Repository, 5, head, "topic", main, "main", Payloads.Repository);
    }

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Fact]
    public async Task DeployProduction_WaitsForApproval_AndAReviewersApproveCommentStartsIt()
    {
        await harness.StartAsync();

        await harness.SendAsync("issue_comment", Payloads.Comment(5, "/deploy production", "COLLABORATOR", "alice"));
        var waiting = await WaitForAsync(d => d.PendingApproval is not null);
        await WaitForCommentAsync("is waiting for approval");
        await harness.SendAsync("issue_comment", Payloads.Comment(5, "/approve", "COLLABORATOR", "mallory"));
        await WaitForCommentAsync("not recorded");
        await harness.SendAsync("issue_comment", Payloads.Comment(5, "/approve ship it", "COLLABORATOR", "bob"));
        var item = (await harness.WaitForFinishedAsync(1)).Single();

        item.State.ShouldBe(QueueState.Succeeded);
        waiting.Environment.ShouldBe("production");
        waiting.TriggerSource.ShouldBe("comment");
        var comments = harness.GitHub.Comments.Select(c => c.Body).ToList();
        comments.ShouldContain(c => c.StartsWith("⏸ **production**:", StringComparison.Ordinal) && c.Contains("`/approve`", StringComparison.Ordinal));
        comments.ShouldContain(c => c.Contains("not recorded, mallory is not a reviewer of this environment (reviewers: bob, test)", StringComparison.Ordinal));
        comments.ShouldContain(c => c.Contains("approved deployment #1 of", StringComparison.Ordinal) && c.Contains("as bob", StringComparison.Ordinal));
        var done = (await harness.Server.Storage.Deployments.GetAsync(waiting.Id, CancellationToken.None))!;
        done.State.ShouldBe(DeploymentState.Succeeded);
        done.ApprovedBy.ShouldBe(["bob"]);
        harness.GitHub.StatusCalls(head, "sluice/deploy/production").Select(c => c.Field("state")).ShouldBe(["pending", "pending", "success"]);
    }

    [Fact]
    public async Task Api_ApprovesAsTheTokensName_AndLocksEnvironments()
    {
        await harness.StartAsync();
        await harness.SendAsync("issue_comment", Payloads.Comment(5, "/deploy production", "COLLABORATOR", "alice"));
        var waiting = await WaitForAsync(d => d.PendingApproval is not null);

        using var approve = await harness.Http.PostAsync(new Uri($"{harness.Server.Address}/api/deployments/{waiting.Id}/approve?comment=from%20CI", UriKind.Absolute), null);
        using var again = await harness.Http.PostAsync(new Uri($"{harness.Server.Address}/api/deployments/{waiting.Id}/approve", UriKind.Absolute), null);
        var item = (await harness.WaitForFinishedAsync(1)).Single();
        using var locked = await harness.Http.PostAsync(new Uri($"{harness.Server.Address}/api/environments/production/lock?reason=incident", UriKind.Absolute), null);
        var history = await harness.Http.GetStringAsync(new Uri($"{harness.Server.Address}/api/deployments?environment=production", UriKind.Absolute));

        approve.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        again.StatusCode.ShouldBe(System.Net.HttpStatusCode.Conflict);
        (await again.Content.ReadAsStringAsync()).ShouldContain("\"recorded\":false", customMessage: "already decided, or no longer waiting");
        item.State.ShouldBe(QueueState.Succeeded);
        locked.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        (await harness.Server.Storage.Deployments.GetLockAsync("production", CancellationToken.None))!.LockedBy.ShouldBe("test");
        history.ShouldContain("\"approvedBy\":[\"test\"]");
    }

    [Fact]
    public async Task Approve_WithNothingWaiting_SaysSo()
    {
        await harness.StartAsync();

        await harness.SendAsync("issue_comment", Payloads.Comment(5, "/approve", "COLLABORATOR", "bob"));
        await harness.WaitForInboxAsync();

        harness.GitHub.Comments.Single().Body.ShouldBe("No deployment of this pull request is waiting for approval.");
    }

    private async Task<DeploymentRecord> WaitForAsync(Func<DeploymentRecord, bool> condition)
    {
        for (var i = 0; i < 600; i++)
        {
            var list = await harness.Server.Storage.Deployments.ListAsync(new DeploymentQuery(Limit: 10), CancellationToken.None);
            if (list.FirstOrDefault(condition) is { } found)
            {
                return found;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("no deployment reached the expected state");
    }

    private async Task WaitForCommentAsync(string text)
    {
        for (var i = 0; i < 600 && !harness.GitHub.Comments.Any(c => c.Body.Contains(text, StringComparison.Ordinal)); i++)
        {
            await Task.Delay(50);
        }

        harness.GitHub.Comments.ShouldContain(c => c.Body.Contains(text, StringComparison.Ordinal));
    }
}
