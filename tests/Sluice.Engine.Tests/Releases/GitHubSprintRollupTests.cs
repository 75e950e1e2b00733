using Sluice.Core.Releases.Config;
using Sluice.Core.Releases.Sprints;
using Sluice.Engine.Releases;
using Sluice.Engine.Releases.GitHub;
using Sluice.Engine.Tests.Releases.FakeGitHub;

namespace Sluice.Engine.Tests.Releases;

/// <summary>The sprint roll-up in GitHub mode: pull requests merged or closed with a comment, releases, next sprint opened.</summary>
public sealed class GitHubSprintRollupTests : IAsyncDisposable
{
    private static readonly ReleaseConfig Config = ReleaseConfig.Default with { Sprint = SprintConfig.Default with { Start = new DateOnly(2026, 1, 5) } };
    private readonly FakeGitHubServer server = FakeGitHubServer.Start();
    private readonly HttpClient http = new();
    private readonly FakeTime time = new(new DateTimeOffset(2026, 1, 20, 6, 0, 0, TimeSpan.Zero));

    public GitHubSprintRollupTests()
    {
        server.State.Commit("main", "chore: init", ("VERSION", "0.0.0\n"));
    }

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await server.DisposeAsync();
    }

    private FakeGitHubState S => server.State;

    private async Task<RollupReport> RollupAsync(ReleaseConfig? config = null)
    {
        var repo = new GitHubReleaseRepository(new GitHubClient(http, server.BaseUrl, FakeGitHubServer.Token), "acme/app");
        var result = await new SprintRollup(repo, config ?? Config, time).RunAsync(new ReleaseRequest(), CancellationToken.None);
        result.Error.ShouldBeNull();
        return result.Value!;
    }

    private List<string> Writes() => server.Calls.Where(c => !c.StartsWith("GET", StringComparison.Ordinal)).ToList();

    /// <summary>Sprint 1 open with a pull request and some work on it.</summary>
    private FakePullRequest OpenSprintOneWithWork(bool mergeable = true)
    {
        S.Branch("s1", S.Head("main"));
        S.Commit("s1", "chore(sprint): open sprint 1");
        S.Commit("s1", "feat: sprint work", ("feature.txt", "x"));
        return S.OpenPull("s1", "main", "Sprint 1", mergeable);
    }

    [Fact]
    public async Task Bootstrap_SeedCommitBranchAndPullRequest()
    {
        time.Now = new DateTimeOffset(2026, 1, 6, 6, 0, 0, TimeSpan.Zero);
        var main = S.Head("main");

        var report = await RollupAsync();

        report.Step.Kind.ShouldBe(SprintStepKind.Bootstrap);
        Writes().ShouldBe(["POST /repos/acme/app/git/commits", "POST /repos/acme/app/git/refs", "POST /repos/acme/app/pulls"]);
        var seed = S.Commits[S.Head("s1")];
        (seed.Message, seed.Parents.Single(), seed.TreeSha).ShouldBe(("chore(sprint): open sprint 1", main, S.Commits[main].TreeSha));
        S.Pulls.Single().ShouldSatisfyAllConditions(p => p.Title.ShouldBe("Sprint 1"), p => p.Head.ShouldBe("s1"), p => p.Base.ShouldBe("main"));
        S.Refs.Keys.ShouldNotContain(k => k.StartsWith("tags/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RollUp_MergesPullRequest_Releases_OpensNextSprint()
    {
        var pr = OpenSprintOneWithWork();

        var report = await RollupAsync();

        (report.Step.Close, report.Step.Open).ShouldBe((1, 2));
        Writes().ShouldBe(
        [
            "PUT /repos/acme/app/pulls/1/merge",
            "POST /repos/acme/app/git/blobs",
            "POST /repos/acme/app/git/blobs",
            "POST /repos/acme/app/git/trees",
            "POST /repos/acme/app/git/commits",
            "PATCH /repos/acme/app/git/refs/heads/main",
            "POST /repos/acme/app/git/tags",
            "POST /repos/acme/app/git/refs",
            "POST /repos/acme/app/git/commits",
            "POST /repos/acme/app/git/refs",
            "POST /repos/acme/app/pulls",
            "POST /repos/acme/app/releases",
        ]);
        var merge = server.Requests.Single(r => r.Method == "PUT").Body!;
        merge["merge_method"]!.GetValue<string>().ShouldBe("merge");
        merge["sha"]!.GetValue<string>().ShouldBe(S.Head("s1"));
        pr.Merged.ShouldBeTrue();
        var main = S.Head("main");
        S.Content(main, "feature.txt").ShouldBe("x");
        S.Content(main, "VERSION").ShouldBe("0.1.0\n");
        S.Peel(S.Refs["tags/v0.1.0"]).ShouldBe(main);
        S.Commits[S.Head("s2")].Parents.ShouldBe([main]);
        S.Pulls.Last().ShouldSatisfyAllConditions(p => p.Head.ShouldBe("s2"), p => p.State.ShouldBe("open"));
        S.Releases.Single()["tag_name"]!.GetValue<string>().ShouldBe("v0.1.0");
    }

    [Fact]
    public async Task SecondRun_SameSprint_WritesNothing()
    {
        OpenSprintOneWithWork();
        await RollupAsync();
        server.ClearRequests();

        var again = await RollupAsync();

        again.Step.Kind.ShouldBe(SprintStepKind.Nothing);
        Writes().ShouldBeEmpty();
    }

    [Fact]
    public async Task Unmergeable_CommentsClosesAndStillReleases()
    {
        var pr = OpenSprintOneWithWork(mergeable: false);

        var report = await RollupAsync();

        Writes().Take(3).ShouldBe(["PUT /repos/acme/app/pulls/1/merge", "POST /repos/acme/app/issues/1/comments", "PATCH /repos/acme/app/pulls/1"]);
        pr.State.ShouldBe("closed");
        pr.Merged.ShouldBeFalse();
        pr.Comments.Single().ShouldBe(SprintConfig.Default.CloseComment.Replace("{n}", "1", StringComparison.Ordinal));
        report.Operations.Select(o => o.Kind).ShouldContain("close-pr");
        S.Refs.Keys.ShouldContain("tags/v0.1.0");
        S.Content(S.Head("main"), "feature.txt").ShouldBeNull();
    }

    [Fact]
    public async Task Unmergeable_FailAction_StopsWithoutWriting()
    {
        OpenSprintOneWithWork(mergeable: false);
        var repo = new GitHubReleaseRepository(new GitHubClient(http, server.BaseUrl, FakeGitHubServer.Token), "acme/app");
        var config = Config with { Sprint = Config.Sprint with { OnConflict = SprintConflictAction.Fail } };

        var result = await new SprintRollup(repo, config, time).RunAsync(new ReleaseRequest(), CancellationToken.None);

        result.Error!.ShouldStartWith("pull request #1 (s1 → main) cannot be merged: HTTP 405: Pull Request is not mergeable");
        Writes().ShouldBe(["PUT /repos/acme/app/pulls/1/merge"]);
    }

    [Fact]
    public async Task MissingPullRequest_ForOpenSprint_IsReopenedOnly()
    {
        time.Now = new DateTimeOffset(2026, 1, 6, 6, 0, 0, TimeSpan.Zero);
        S.Branch("s1", S.Head("main"));
        S.Commit("s1", "chore(sprint): open sprint 1");

        var report = await RollupAsync();

        report.Step.Kind.ShouldBe(SprintStepKind.OpenPullRequest);
        Writes().ShouldBe(["POST /repos/acme/app/pulls"]);
    }
}
