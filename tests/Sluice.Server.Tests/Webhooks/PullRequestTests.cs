using Sluice.Engine.Storage;
using Sluice.Server.Queue;
using Sluice.Server.Tests.Support;

namespace Sluice.Server.Tests.Webhooks;

/// <summary>pull_request deliveries end to end: the edited-in-place comment, forks and secrets, approval, concurrency groups, closed PRs.</summary>
public sealed class PullRequestTests : IAsyncLifetime
{
    private const string SecretsPipeline = """
        name: secrets
        on:
          pull_request: {}
        jobs:
          show:
            secrets: [DEPLOY_TOKEN]
            run: echo "token length ${#DEPLOY_TOKEN}"
        """;

    private ServerHarness harness = null!;

    public async Task InitializeAsync() => harness = await ServerHarness.CreateAsync();

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Fact]
    public async Task Opened_FailingJob_OneCommentCreatedThenEditedWithTableAndLogTail()
    {
        var main = harness.Repo.Commit("ci", (".sluice/ci.yml", Pipelines.Ci));
        harness.Repo.Checkout("broken", create: true);
        var head = harness.Repo.Commit("break", ("FAIL", "the widget is upside down"));
        await harness.StartAsync();

        await harness.SendAsync("pull_request", Payloads.PullRequest("opened", 7, head, "broken", main));
        var item = (await harness.WaitForFinishedAsync(1)).Single();

        item.State.ShouldBe(QueueState.Failed);
        harness.GitHub.Calls.Count(c => c.Method == "POST" && c.Path.EndsWith("/issues/7/comments", StringComparison.Ordinal)).ShouldBe(1);
        var comment = harness.GitHub.Comments.Single();
        comment.Issue.ShouldBe(7);
        comment.Edits.ShouldBeGreaterThan(0);
        comment.Body.ShouldContain($"### ❌ Sluice · ci · run #{item.RunId} — failed");
        comment.Body.ShouldContain("| ✅ | lint | succeeded |");
        comment.Body.ShouldContain("| ❌ | test | failed: step `test` failed (exit code 1) |");
        comment.Body.ShouldContain("<details><summary>❌ test: last");
        comment.Body.ShouldContain("the widget is upside down");
        harness.GitHub.StatusesOf(head)["sluice/ci/test"].ShouldBe("failure");
    }

    [Fact]
    public async Task Opened_FromFork_SecretsWithheld_SameRepository_SecretsGiven()
    {
        var main = harness.Repo.Commit("secrets", (".sluice/secrets.yml", SecretsPipeline));
        harness.Repo.Checkout("change", create: true);
        var head = harness.Repo.Commit("change", ("a.txt", "a"));
        harness.Repo.Git("update-ref", "refs/pull/8/head", head);
        await harness.StartAsync();

        await harness.SendAsync("pull_request", Payloads.PullRequest("opened", 8, head, "change", main, headRepository: "mallory/octo-repo"));
        await harness.SendAsync("pull_request", Payloads.PullRequest("opened", 9, head, "change", main));
        var items = await harness.WaitForFinishedAsync(2);

        (await LogTextAsync(items.Single(i => i.PullRequest == 8))).ShouldContain("token length 0");
        (await LogTextAsync(items.Single(i => i.PullRequest == 9))).ShouldContain("token length 12");
    }

    [Fact]
    public async Task Opened_FromForkWithApprovalRequired_WaitsUntilAMemberApproves()
    {
        var main = harness.Repo.Commit("ci", (".sluice/ci.yml", Pipelines.Ci));
        harness.Repo.Checkout("fork-change", create: true);
        var head = harness.Repo.Commit("change", ("b.txt", "b"));
        harness.Repo.Git("update-ref", "refs/pull/10/head", head);
        harness.GitHub.AddPullRequest(Payloads.Repository, 10, head, "fork-change", main, "main", "mallory/octo-repo");
        await harness.StartAsync(repo: r => r with { RequireForkApproval = true });

        await harness.SendAsync("pull_request", Payloads.PullRequest("opened", 10, head, "fork-change", main, headRepository: "mallory/octo-repo"));
        await harness.WaitForQueueAsync(items => items.Count == 1 && items[0].State == QueueState.AwaitingApproval);
        await harness.SendAsync("issue_comment", Payloads.Comment(10, "/sluice approve", "MEMBER", "maintainer"));
        var item = (await harness.WaitForFinishedAsync(1)).Single();

        item.State.ShouldBe(QueueState.Succeeded);
        item.Reason.ShouldBe("approved by maintainer");
    }

    [Fact]
    public async Task Synchronize_CancelInProgress_CancelsTheOlderRunAndRunsTheNewHead()
    {
        var main = harness.Repo.Commit("ci", (".sluice/pr.yml", """
            name: pr
            on:
              pull_request: {}
            concurrency:
              group: pr-${{ event.pull_request.number }}
              cancel-in-progress: true
            jobs:
              build:
                run: if [ -f SLOW ]; then sleep 30; fi; echo built
            """));
        harness.Repo.Checkout("topic", create: true);
        var first = harness.Repo.Commit("slow", ("SLOW", "1"));
        harness.Repo.Git("rm", "--quiet", "SLOW");
        var second = harness.Repo.Commit("fast");
        await harness.StartAsync();

        await harness.SendAsync("pull_request", Payloads.PullRequest("opened", 11, first, "topic", main));
        await harness.WaitForQueueAsync(items => items.Count == 1 && items[0].State == QueueState.Running && items[0].RunId is not null);
        await harness.SendAsync("pull_request", Payloads.PullRequest("synchronize", 11, second, "topic", main));
        var items = await harness.WaitForFinishedAsync(2, seconds: 20);

        items[0].State.ShouldBe(QueueState.Cancelled);
        items[0].Reason.ShouldBe($"superseded by queued run {items[1].Id}");
        (await harness.Server.Storage.Runs.GetRunAsync(items[0].RunId!.Value, CancellationToken.None))!.State.ShouldBe(RunState.Cancelled);
        items[1].State.ShouldBe(QueueState.Succeeded);
        items[1].Sha.ShouldBe(second);
        harness.GitHub.StatusesOf(first)["sluice/pr/build"].ShouldBe("error");
    }

    [Fact]
    public async Task Synchronize_GroupWithoutCancelInProgress_QueuesBehindInOrder()
    {
        var main = harness.Repo.Commit("ci", (".sluice/pr.yml", """
            name: pr
            on:
              pull_request: {}
            concurrency:
              group: deploy
            jobs:
              build:
                run: sleep 1; echo built
            """));
        harness.Repo.Checkout("topic", create: true);
        var first = harness.Repo.Commit("one", ("one.txt", "1"));
        var second = harness.Repo.Commit("two", ("two.txt", "2"));
        await harness.StartAsync();

        await harness.SendAsync("pull_request", Payloads.PullRequest("opened", 12, first, "topic", main));
        await harness.SendAsync("pull_request", Payloads.PullRequest("synchronize", 12, second, "topic", main));
        var items = await harness.WaitForFinishedAsync(2);

        items.ShouldAllBe(i => i.State == QueueState.Succeeded);
        items[1].StartedAt!.Value.ShouldBeGreaterThanOrEqualTo(items[0].FinishedAt!.Value);
    }

    [Fact]
    public async Task Closed_MergedAndUnmerged_ConditionSeesTheMergeFlag()
    {
        var main = harness.Repo.Commit("ci", (".sluice/closed.yml", """
            name: closed
            on:
              pull_request:
                types: [closed]
            jobs:
              cleanup:
                if: ${{ event.pull_request.merged }}
                run: echo merged
            """));
        harness.Repo.Checkout("topic", create: true);
        var head = harness.Repo.Commit("x", ("x.txt", "x"));
        await harness.StartAsync();

        await harness.SendAsync("pull_request", Payloads.PullRequest("closed", 13, head, "topic", main, merged: true));
        await harness.SendAsync("pull_request", Payloads.PullRequest("closed", 14, head, "topic", main, merged: false));
        var items = await harness.WaitForFinishedAsync(2);

        var merged = await harness.Server.Storage.Runs.GetJobsAsync(items.Single(i => i.PullRequest == 13).RunId!.Value, CancellationToken.None);
        var unmerged = await harness.Server.Storage.Runs.GetJobsAsync(items.Single(i => i.PullRequest == 14).RunId!.Value, CancellationToken.None);
        merged.Single().State.ShouldBe(JobState.Succeeded);
        unmerged.Single().State.ShouldBe(JobState.Skipped);
    }

    private async Task<string> LogTextAsync(QueueItem item)
    {
        var lines = await harness.Server.Storage.Runs.GetLogsAsync(item.RunId!.Value, null, 0, 1000, CancellationToken.None);
        return string.Join('\n', lines.Select(l => l.Text));
    }
}
