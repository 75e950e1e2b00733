using Sluice.Engine.Runs;
using Sluice.Server.Queue;
using Sluice.Server.Tests.Support;

namespace Sluice.Server.Tests.ChatOps;

/// <summary>issue_comment deliveries on pull requests: /sluice commands, pipeline comment commands, permissions and help.</summary>
public sealed class ChatOpsTests : IAsyncLifetime
{
    private const string DeployPipeline = """
        name: deploy
        on:
          comment: ["/deploy {environment}"]
          manual:
            inputs:
              count:
                type: number
                required: true
              dry:
                type: boolean
                default: false
        jobs:
          go:
            run: |
              echo "environment=${{ event.command.args.environment }} count=${{ inputs.count }} dry=${{ inputs.dry }} sha=$SLUICE_SHA"
              if [ -f SLOW ] && [ "$SLUICE_RUN_ID" = 1 ]; then sleep 30; fi
        """;

    private ServerHarness harness = null!;
    private string head = "";

    public async Task InitializeAsync()
    {
        harness = await ServerHarness.CreateAsync();
        var main = harness.Repo.Commit("deploy", (".sluice/deploy.yml", DeployPipeline));
        harness.Repo.Checkout("topic", create: true);
        head = harness.Repo.Commit("topic", ("topic.txt", "t"));
        harness.Repo.Checkout("main");
        harness.GitHub.AddPullRequest(Payloads.Repository, 5, head, "topic", main, "main", Payloads.Repository);
    }

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Fact]
    public async Task Comment_FromAuthorNotAllowed_GetsAPoliteRefusalAndNothingRuns()
    {
        await harness.StartAsync();

        await harness.SendAsync("issue_comment", Payloads.Comment(5, "/deploy production", "NONE", "mallory"));
        await harness.WaitForInboxAsync();

        var reply = harness.GitHub.Comments.Single();
        reply.Issue.ShouldBe(5);
        reply.Body.ShouldStartWith("Sorry @mallory, only OWNER, MEMBER, COLLABORATOR may run Sluice commands");
        (await harness.Server.Storage.Queue.CountAsync(CancellationToken.None)).ShouldBe(0);
    }

    [Fact]
    public async Task Comment_PipelineCommand_RunsOnThePullRequestHeadWithTheCapturedArgument()
    {
        await harness.StartAsync();

        await harness.SendAsync("issue_comment", Payloads.Comment(5, "/deploy staging\nplease", "COLLABORATOR"));
        var item = (await harness.WaitForFinishedAsync(1)).Single();

        item.Sha.ShouldBe(head);
        (await LogTextAsync(item)).ShouldContain($"environment=staging");
        (await LogTextAsync(item)).ShouldContain($"sha={head}");
    }

    [Fact]
    public async Task Comment_SluiceRunWithTypedInputs_RunsThePipelineByName()
    {
        await harness.StartAsync();

        await harness.SendAsync("issue_comment", Payloads.Comment(5, "/sluice run deploy count=3.50 dry=True"));
        var item = (await harness.WaitForFinishedAsync(1)).Single();

        item.State.ShouldBe(QueueState.Succeeded);
        (await LogTextAsync(item)).ShouldContain("count=3.5 dry=true");
        EventJson.Deserialize(item.EventJson)!.PullRequest.ShouldBe(5);
    }

    [Fact]
    public async Task Comment_SluiceRunWithBadInput_RepliesWithTheProblem()
    {
        await harness.StartAsync();

        await harness.SendAsync("issue_comment", Payloads.Comment(5, "/sluice run deploy count=many"));
        await harness.WaitForInboxAsync();

        harness.GitHub.Comments.Single().Body.ShouldContain("input `count`: expected a number, found `many`");
        (await harness.Server.Storage.Queue.CountAsync(CancellationToken.None)).ShouldBe(0);
    }

    [Theory]
    [InlineData("/sluice frobnicate", "`/sluice frobnicate` is not a command.")]
    [InlineData("/deploy", "`/deploy` matches no command.")]
    public async Task Comment_UnknownCommand_GetsHelpListingTheCommands(string body, string problem)
    {
        await harness.StartAsync();

        await harness.SendAsync("issue_comment", Payloads.Comment(5, body));
        await harness.WaitForInboxAsync();

        var help = harness.GitHub.Comments.Single().Body;
        help.ShouldStartWith(problem);
        help.ShouldContain("`/sluice rerun [failed]`");
        help.ShouldContain("`/deploy {environment}`");
    }

    [Fact]
    public async Task Comment_PlainTextOrOtherSlashWords_AreLeftAlone()
    {
        await harness.StartAsync();

        await harness.SendAsync("issue_comment", Payloads.Comment(5, "Looks good to me"));
        await harness.SendAsync("issue_comment", Payloads.Comment(5, "/cc @octocat"));
        await harness.WaitForInboxAsync();

        harness.GitHub.Comments.ShouldBeEmpty();
    }

    [Fact]
    public async Task Comment_SluiceCancel_CancelsTheRunningRun_ThenRerunRunsItAgain()
    {
        harness.Repo.Checkout("topic");
        var slow = harness.Repo.Commit("slow", ("SLOW", "1"));
        harness.GitHub.AddPullRequest(Payloads.Repository, 5, slow, "topic", head, "main", Payloads.Repository);
        await harness.StartAsync();

        await harness.SendAsync("issue_comment", Payloads.Comment(5, "/deploy qa"));
        await harness.WaitForQueueAsync(items => items.Count == 1 && items[0].State == QueueState.Running && items[0].RunId is not null);
        await harness.SendAsync("issue_comment", Payloads.Comment(5, "/sluice cancel", "MEMBER", "lead"));
        var cancelled = (await harness.WaitForFinishedAsync(1, seconds: 20)).Single();
        await harness.WaitForInboxAsync();

        cancelled.State.ShouldBe(QueueState.Cancelled);
        harness.GitHub.Comments.ShouldContain(c => c.Body == "Cancelled 1 run(s) at the request of @lead.");

        await harness.SendAsync("issue_comment", Payloads.Comment(5, "/sluice rerun failed"));
        var items = await harness.WaitForFinishedAsync(2, seconds: 20);
        items[1].Kind.ShouldBe(QueueKind.Rerun);
        (await harness.Server.Storage.Runs.GetRunAsync(items[1].RunId!.Value, CancellationToken.None))!.ParentRunId.ShouldBe(cancelled.RunId);
    }

    private async Task<string> LogTextAsync(QueueItem item)
    {
        var lines = await harness.Server.Storage.Runs.GetLogsAsync(item.RunId!.Value, null, 0, 1000, CancellationToken.None);
        return string.Join('\n', lines.Select(l => l.Text));
    }
}
