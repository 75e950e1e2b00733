using Sluice.Engine.Runs;
using Sluice.Server.Queue;
using Sluice.Server.Tests.Support;

namespace Sluice.Server.Tests.Webhooks;

/// <summary>push and create deliveries end to end: runs on the engine, changed files from the mirror, commit statuses on the fake GitHub.</summary>
public sealed class PushEventTests : IAsyncLifetime
{
    private const string TagPipeline = """
        name: release
        on:
          tag: ["v*"]
        jobs:
          publish:
            run: echo "publishing $SLUICE_TAG"
        """;

    private ServerHarness harness = null!;

    public async Task InitializeAsync() => harness = await ServerHarness.CreateAsync();

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Fact]
    public async Task Push_FirstPushOfMain_RunsEveryJobAndReportsPendingThenSuccess()
    {
        var sha = harness.Repo.Commit("ci", (".sluice/ci.yml", Pipelines.Ci));
        await harness.StartAsync();

        await harness.SendAsync("push", Payloads.Push(sha, created: true));
        var items = await harness.WaitForFinishedAsync(1);

        items.Single().State.ShouldBe(QueueState.Succeeded);
        var statuses = harness.GitHub.StatusesOf(sha);
        statuses["sluice/ci/lint"].ShouldBe("success");
        statuses["sluice/ci/test"].ShouldBe("success");
        statuses["sluice/ci/docs"].ShouldBe("success", "a new default branch has unknown changes: everything runs");
        var lint = harness.GitHub.StatusCalls(sha, "sluice/ci/lint");
        lint.First().Field("state").ShouldBe("pending");
        lint.Last().Field("target_url").ShouldBe($"{harness.Server.Address}/runs/{items.Single().RunId}");
        lint.ShouldAllBe(c => c.Authorization == "Bearer gh-token");
    }

    [Fact]
    public async Task Push_NewBranch_ChangedFilesAreWhatTheBranchAddsOverTheDefaultBranch()
    {
        harness.Repo.Commit("ci", (".sluice/ci.yml", Pipelines.Ci), ("docs/readme.md", "docs"));
        harness.Repo.Checkout("feature", create: true);
        var feature = harness.Repo.Commit("feature work", ("src/app.txt", "v1"));
        harness.Repo.Checkout("main");
        harness.Repo.Commit("main moves on", ("docs/other.md", "more docs"));
        await harness.StartAsync();

        await harness.SendAsync("push", Payloads.Push(feature, reference: "refs/heads/feature", created: true));
        var item = (await harness.WaitForFinishedAsync(1)).Single();

        (await ChangedFilesAsync(item)).ShouldBe(["src/app.txt"]);
        harness.GitHub.StatusCalls(feature, "sluice/ci/docs").Last().Field("description")!.ShouldStartWith("skipped: no changed file matches");
        harness.GitHub.StatusesOf(feature)["sluice/ci/test"].ShouldBe("success");
    }

    [Fact]
    public async Task Push_Update_ChangedFilesAreBeforeToAfter()
    {
        var before = harness.Repo.Commit("ci", (".sluice/ci.yml", Pipelines.Ci));
        var after = harness.Repo.Commit("docs", ("docs/guide.md", "guide"), ("FAIL", "boom"));
        await harness.StartAsync();

        await harness.SendAsync("push", Payloads.Push(after, before));
        var item = (await harness.WaitForFinishedAsync(1)).Single();

        (await ChangedFilesAsync(item)).ShouldBe(["FAIL", "docs/guide.md"], ignoreOrder: true);
        item.State.ShouldBe(QueueState.Failed);
        var statuses = harness.GitHub.StatusesOf(after);
        statuses["sluice/ci/docs"].ShouldBe("success");
        statuses["sluice/ci/test"].ShouldBe("failure");
    }

    [Fact]
    public async Task Push_ForcePush_RunsTheNewHeadWithChangesAgainstTheOldOne()
    {
        harness.Repo.Commit("ci", (".sluice/ci.yml", Pipelines.Ci));
        var old = harness.Repo.Commit("old", ("docs/old.md", "old"));
        harness.Repo.Git("reset", "--hard", "HEAD~1");
        var rewritten = harness.Repo.Commit("rewritten", ("src/new.txt", "new"));
        await harness.StartAsync();

        // GitHub keeps a force-pushed-over commit fetchable for a while; here a tag keeps it reachable for the mirror's fetch.
        harness.Repo.Git("tag", "keep-old", old);
        await harness.SendAsync("push", Payloads.Push(rewritten, old, forced: true));
        var item = (await harness.WaitForFinishedAsync(1)).Single();

        item.State.ShouldBe(QueueState.Succeeded);
        (await ChangedFilesAsync(item)).ShouldBe(["docs/old.md", "src/new.txt"], ignoreOrder: true);
        var entry = (await harness.Server.Storage.Inbox.FindAsync(item.DeliveryId!, CancellationToken.None))!;
        entry.Outcome.ShouldStartWith("force push;");
    }

    [Fact]
    public async Task Push_BranchDeleted_StartsNothing()
    {
        harness.Repo.Commit("ci", (".sluice/ci.yml", Pipelines.Ci));
        await harness.StartAsync();

        using var response = await harness.SendAsync("push", Payloads.Push(Payloads.Zero, "6113728f27ae82c7b1a177c8d03f9e96e0adf246", "refs/heads/gone", deleted: true), "deleted-1");
        await harness.WaitForInboxAsync();

        (await harness.Server.Storage.Inbox.FindAsync("deleted-1", CancellationToken.None))!.Outcome.ShouldBe("branch `gone` was deleted; deletions start nothing");
        (await harness.Server.Storage.Queue.CountAsync(CancellationToken.None)).ShouldBe(0);
    }

    [Fact]
    public async Task Tag_PushAndCreateOfTheSameTag_RunOnce()
    {
        var sha = harness.Repo.Commit("release", (".sluice/release-pipeline.yml", TagPipeline));
        harness.Repo.Git("tag", "v1.0.0");
        await harness.StartAsync();

        await harness.SendAsync("push", Payloads.Push(sha, reference: "refs/tags/v1.0.0", created: true));
        await harness.SendAsync("create", Payloads.CreateTag("v1.0.0"));
        await harness.WaitForInboxAsync();
        var items = await harness.WaitForFinishedAsync(1);

        items.Count.ShouldBe(1);
        items.Single().State.ShouldBe(QueueState.Succeeded);
        var logs = await harness.Server.Storage.Runs.GetLogsAsync(items.Single().RunId!.Value, "publish", 0, 100, CancellationToken.None);
        logs.ShouldContain(l => l.Text == "publishing v1.0.0");
    }

    [Fact]
    public async Task Create_Tag_ResolvesTheTagInTheMirrorAndRuns()
    {
        harness.Repo.Commit("release", (".sluice/release-pipeline.yml", TagPipeline));
        var tagged = harness.Repo.Commit("more");
        harness.Repo.Git("tag", "v2.0.0");
        await harness.StartAsync();

        await harness.SendAsync("create", Payloads.CreateTag("v2.0.0"));
        var item = (await harness.WaitForFinishedAsync(1)).Single();

        item.Sha.ShouldBe(tagged);
        harness.GitHub.StatusesOf(tagged)["sluice/release-pipeline/publish"].ShouldBe("success");
    }

    private async Task<IReadOnlyList<string>?> ChangedFilesAsync(QueueItem item)
    {
        var run = await harness.Server.Storage.Runs.GetRunAsync(item.RunId!.Value, CancellationToken.None);
        return EventJson.Deserialize(run!.EventJson)!.ChangedFiles;
    }
}
