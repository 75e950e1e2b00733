using Sluice.Core.Releases.Config;
using Sluice.Core.Releases.Sprints;
using Sluice.Engine.Releases;

namespace Sluice.Engine.Tests.Releases;

/// <summary>Sprint roll-ups in git mode: sprint branches merged locally, released, next branch created and pushed.</summary>
public sealed class GitSprintRollupTests : IDisposable
{
    private readonly TestGitRepo repo = TestGitRepo.Create();
    private readonly FakeTime time = new(new DateTimeOffset(2026, 1, 6, 9, 0, 0, TimeSpan.Zero));

    public GitSprintRollupTests()
    {
        repo.Commit("chore: init", ("VERSION", "0.0.0\n"), ("app.txt", "base\n"));
    }

    public void Dispose() => repo.Dispose();

    private static ReleaseConfig Calendar(SprintConflictAction onConflict = SprintConflictAction.Close) =>
        ReleaseConfig.Default with { Sprint = SprintConfig.Default with { Start = new DateOnly(2026, 1, 5), OnConflict = onConflict } };

    private async Task<RollupReport> RollupAsync(ReleaseConfig config, bool dryRun = false)
    {
        var result = await new SprintRollup(repo.Repository(), config, time).RunAsync(new ReleaseRequest(DryRun: dryRun), CancellationToken.None);
        result.Error.ShouldBeNull();
        return result.Value!;
    }

    private string Branches => repo.Git("branch", "--format=%(refname:short)").Replace("\n", " ", StringComparison.Ordinal);

    [Fact]
    public async Task Bootstrap_CreatesS1WithSeedCommit_NoRelease()
    {
        var main = repo.Head;

        var report = await RollupAsync(ReleaseConfig.Default);

        report.Step.Kind.ShouldBe(SprintStepKind.Bootstrap);
        report.Operations.Select(o => o.Kind).ShouldBe(["create-branch", "push"]);
        Branches.ShouldBe("main s1");
        repo.Git("log", "-1", "--format=%s%n%P", "s1").ShouldBe($"chore(sprint): open sprint 1\n{main}");
        repo.Git("rev-parse", "s1^{tree}").ShouldBe(repo.Git("rev-parse", "main^{tree}"));
        repo.Tags.ShouldBeEmpty();
        repo.Head.ShouldBe(main);
    }

    [Fact]
    public async Task SecondRunInSameSprint_ChangesNothing()
    {
        await RollupAsync(Calendar());
        var refs = repo.Git("for-each-ref");

        var again = await RollupAsync(Calendar());

        again.Step.Kind.ShouldBe(SprintStepKind.Nothing);
        again.Step.Reason.ShouldBe("sprint 1 is already open (sprint 1 runs now); nothing to do");
        again.Operations.ShouldBeEmpty();
        repo.Git("for-each-ref").ShouldBe(refs);
    }

    [Fact]
    public async Task NextSprint_MergesReleasesAndOpensNextBranch()
    {
        using var origin = repo.AddBareOrigin();
        await RollupAsync(Calendar());
        repo.Git("checkout", "-q", "s1");
        var work = repo.Commit("feat: sprint one work", ("feature.txt", "done\n"));
        repo.Git("checkout", "-q", "main");
        time.Now = new DateTimeOffset(2026, 1, 20, 9, 0, 0, TimeSpan.Zero);

        var report = await RollupAsync(Calendar());

        (report.Step.Kind, report.Step.Close, report.Step.Open).ShouldBe((SprintStepKind.RollUp, 1, 2));
        report.Operations.Select(o => o.Kind).ShouldBe(["merge-pr", "commit", "tag", "create-branch", "push"]);
        repo.Git("merge-base", "--is-ancestor", work, "main").ShouldBeEmpty();
        repo.Tags.ShouldBe(["v0.1.0"]);
        repo.Read("VERSION").ShouldBe("0.1.0\n");
        repo.Git("rev-parse", "s2^").ShouldBe(repo.Head);
        origin.Git("rev-parse", "main").ShouldBe(repo.Head);
        origin.Git("rev-parse", "s2").ShouldBe(repo.Git("rev-parse", "s2"));
        origin.Git("rev-parse", "v0.1.0^{commit}").ShouldBe(repo.Head);
        (await RollupAsync(Calendar())).Step.Kind.ShouldBe(SprintStepKind.Nothing);
    }

    [Fact]
    public async Task DryRun_DescribesTheRollupWithoutChangingAnything()
    {
        await RollupAsync(Calendar());
        repo.Git("checkout", "-q", "s1");
        repo.Commit("feat: work", ("feature.txt", "done\n"));
        repo.Git("checkout", "-q", "main");
        time.Now = new DateTimeOffset(2026, 1, 20, 9, 0, 0, TimeSpan.Zero);
        var refs = repo.Git("for-each-ref");

        var report = await RollupAsync(Calendar(), dryRun: true);

        report.Operations.Select(o => o.Kind).ShouldBe(["merge-pr", "commit", "tag", "create-branch", "push"]);
        report.Release!.Units.Single().Decision.Next!.ToString().ShouldBe("0.1.0");
        report.Notes.ShouldContain("dry run: the release is planned on s1's tip as if it were merged");
        repo.Git("for-each-ref").ShouldBe(refs);
    }

    [Fact]
    public async Task Conflict_CloseAction_LeavesSprintUnmergedAndRollsOn()
    {
        await RollupAsync(Calendar());
        repo.Git("checkout", "-q", "s1");
        repo.Commit("feat: sprint change", ("app.txt", "sprint\n"));
        repo.Git("checkout", "-q", "main");
        repo.Commit("fix: hotfix on main", ("app.txt", "hotfix\n"));
        time.Now = new DateTimeOffset(2026, 1, 20, 9, 0, 0, TimeSpan.Zero);

        var report = await RollupAsync(Calendar());

        report.Operations.Select(o => o.Kind).ShouldBe(["merge-pr", "close-pr", "commit", "tag", "create-branch", "push"]);
        repo.Read("app.txt").ShouldBe("hotfix\n");
        repo.Git("status", "--porcelain").ShouldBeEmpty();
        repo.Tags.ShouldBe(["v0.1.0"]);
        Branches.ShouldBe("main s1 s2");
    }

    [Fact]
    public async Task Conflict_FailAction_StopsBeforeReleasing()
    {
        await RollupAsync(Calendar());
        repo.Git("checkout", "-q", "s1");
        repo.Commit("feat: sprint change", ("app.txt", "sprint\n"));
        repo.Git("checkout", "-q", "main");
        repo.Commit("fix: hotfix on main", ("app.txt", "hotfix\n"));
        time.Now = new DateTimeOffset(2026, 1, 20, 9, 0, 0, TimeSpan.Zero);

        var result = await new SprintRollup(repo.Repository(), Calendar(SprintConflictAction.Fail), time).RunAsync(new ReleaseRequest(), CancellationToken.None);

        result.Error!.ShouldStartWith("s1 into main cannot be merged");
        repo.Tags.ShouldBeEmpty();
        Branches.ShouldBe("main s1");
        repo.Git("status", "--porcelain").ShouldBeEmpty();
    }

    [Fact]
    public async Task VersionMode_RollsWhenTheSprintHasWork_NumbersFollowMinor()
    {
        await RollupAsync(ReleaseConfig.Default);
        (await RollupAsync(ReleaseConfig.Default)).Step.Kind.ShouldBe(SprintStepKind.Nothing);
        repo.Git("checkout", "-q", "s1");
        repo.Commit("fix: something", ("fix.txt", "1\n"));
        repo.Git("checkout", "-q", "main");

        var report = await RollupAsync(ReleaseConfig.Default);

        (report.Step.Close, report.Step.Open).ShouldBe((1, 2));
        repo.Tags.ShouldBe(["v0.1.0"]);
        (await RollupAsync(ReleaseConfig.Default)).Step.Kind.ShouldBe(SprintStepKind.Nothing);
    }
}
