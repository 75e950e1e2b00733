using Sluice.Core.Releases.Config;
using Sluice.Core.Releases.VersionFiles;
using Sluice.Engine.Releases;

namespace Sluice.Engine.Tests.Releases;

/// <summary>Whole releases on real repositories: plan, execute, and what the repository looks like afterwards.</summary>
public sealed class GitReleaseFlowTests : IDisposable
{
    private readonly TestGitRepo repo = TestGitRepo.Create();
    private readonly FakeTime time = new(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero));

    public void Dispose() => repo.Dispose();

    private async Task<ReleasePlan> PlanAsync(ReleaseRequest? request = null, ReleaseConfig? config = null)
    {
        var result = await new ReleasePlanner(repo.Repository(), config ?? ReleaseConfig.Default, time).PlanAsync(request ?? new ReleaseRequest(), CancellationToken.None);
        result.Error.ShouldBeNull();
        return result.Value!;
    }

    private async Task<ReleaseOutcome> ReleaseAsync(ReleaseRequest? request = null, ReleaseConfig? config = null)
    {
        var git = repo.Repository();
        config ??= ReleaseConfig.Default;
        var plan = (await new ReleasePlanner(git, config, time).PlanAsync(request ?? new ReleaseRequest(), CancellationToken.None)).Value!;
        var outcome = await new ReleaseExecutor(git, config).ExecuteAsync(plan, publish: true, CancellationToken.None);
        outcome.Error.ShouldBeNull();
        return outcome.Value!;
    }

    [Fact]
    public async Task Plan_ConventionalMinor_IgnoresMergesAndDropsRevertedPairs()
    {
        repo.Commit("feat: base", ("package.json", "{\n  \"name\": \"app\",\n  \"version\": \"1.2.0\"\n}\n"));
        repo.Tag("v1.2.0");
        var fix = repo.Commit("fix(api): handle empty body");
        var risky = repo.Commit("feat!: risky rewrite", ("rewrite.txt", "new"));
        var revert = repo.Revert(risky);
        repo.Git("checkout", "-q", "-b", "topic");
        var feat = repo.Commit("feat(ui): dark mode");
        repo.Git("checkout", "-q", "main");
        repo.Merge("topic");

        var plan = await PlanAsync();

        var unit = plan.Units.Single();
        (unit.CurrentTag, unit.Decision.Next!.ToString()).ShouldBe(("v1.2.0", "1.3.0"));
        unit.Decision.Reason.ShouldBe("minor: 1 feature, 1 fix");
        unit.Commits.Select(c => c.Sha).ShouldBe([feat, fix], ignoreOrder: true);
        unit.Dropped.ShouldBe([revert, risky]);
        unit.Files.Single().ShouldSatisfyAllConditions(
            f => f.Path.ShouldBe("package.json"),
            f => f.OldValue.ShouldBe("1.2.0"),
            f => f.NewValue.ShouldBe("1.3.0"));
        plan.Changes.Select(c => c.Path).ShouldBe(["package.json", "CHANGELOG.md"]);
        plan.Operations.Select(o => o.Kind).ShouldBe(["commit", "tag", "push"]);
    }

    [Fact]
    public async Task Plan_LastRelease_IsHighestTagReachableFromHead()
    {
        repo.Commit("feat: a");
        repo.Tag("v1.0.0");
        repo.Commit("fix: b");
        repo.Tag("v1.1.0");
        repo.Tag("not-a-version");
        repo.Git("checkout", "-q", "-b", "abandoned");
        repo.Commit("feat!: never merged");
        repo.Tag("v2.0.0");
        repo.Git("checkout", "-q", "main");
        repo.Commit("fix: c");

        var unit = (await PlanAsync()).Units.Single();

        unit.CurrentTag.ShouldBe("v1.1.0");
        unit.Decision.Next!.ToString().ShouldBe("1.1.1");
        unit.Commits.Single().Header.ShouldBe("fix: c");
    }

    [Fact]
    public async Task Plan_NothingReleasable_SaysWhy()
    {
        repo.Commit("feat: a");
        repo.Tag("v1.0.0");
        repo.Commit("chore: deps");
        repo.Commit("docs: readme");

        var plan = await PlanAsync();

        plan.HasRelease.ShouldBeFalse();
        plan.Units.Single().Decision.Reason.ShouldBe("no releasable commits (2 other commits)");
        plan.Operations.ShouldBeEmpty();
        plan.Changes.ShouldBeEmpty();
    }

    [Fact]
    public async Task Release_WritesFilesChangelogCommitAndAnnotatedTag_ThenNothingLeft()
    {
        repo.Commit("chore: init", ("src/app/__init__.py", "__version__ = \"0.0.0\"\n"), ("pyproject.toml", "[project]\nname = \"app\"\ndynamic = [\"version\"]\n"));
        var feat = repo.Commit("feat(cli): first command");

        var outcome = await ReleaseAsync(new ReleaseRequest(Prerelease: "rc"));

        outcome.Tags.ShouldBe(["v0.1.0-rc.1"]);
        repo.Read("src/app/__init__.py").ShouldBe("__version__ = \"0.1.0rc1\"\n");
        repo.Read("pyproject.toml").ShouldContain("dynamic = [\"version\"]");
        repo.Read("CHANGELOG.md").ShouldBe($"# Changelog\n\n## 0.1.0-rc.1 (2026-11-22)\n\n### Features\n\n* **cli:** first command ({feat[..7]})\n");
        repo.Git("log", "-1", "--format=%s").ShouldBe("chore(release): v0.1.0-rc.1");
        repo.Git("tag", "-l", "--format=%(objecttype) %(contents:subject)", "v0.1.0-rc.1").ShouldBe("tag Release v0.1.0-rc.1");
        outcome.Published.ShouldBe("no remote `origin`: nothing pushed");
        (await PlanAsync(new ReleaseRequest(Prerelease: "rc"))).HasRelease.ShouldBeFalse();
    }

    [Fact]
    public async Task PrereleaseTrain_Rc1Rc2ThenPromotion()
    {
        repo.Commit("feat: base", ("VERSION", "1.2.0\n"));
        repo.Tag("v1.2.0");
        var feat = repo.Commit("feat: search");
        (await ReleaseAsync(new ReleaseRequest(Prerelease: "rc"))).Tags.ShouldBe(["v1.3.0-rc.1"]);
        var fix = repo.Commit("fix: search paging");

        (await ReleaseAsync(new ReleaseRequest(Prerelease: "rc"))).Tags.ShouldBe(["v1.3.0-rc.2"]);
        var promotion = await PlanAsync();
        await ReleaseAsync();

        promotion.Units.Single().Decision.Reason.ShouldStartWith("promote 1.3.0-rc.2");
        repo.Read("VERSION").ShouldBe("1.3.0\n");
        repo.Tags.ShouldBe(["v1.2.0", "v1.3.0", "v1.3.0-rc.1", "v1.3.0-rc.2"], ignoreOrder: true);
        var changelog = repo.Read("CHANGELOG.md");
        changelog.IndexOf("## 1.3.0 (", StringComparison.Ordinal).ShouldBeLessThan(changelog.IndexOf("## 1.3.0-rc.2", StringComparison.Ordinal));
        var stableSection = changelog[..changelog.IndexOf("## 1.3.0-rc.2", StringComparison.Ordinal)];
        stableSection.ShouldContain(feat[..7]);
        stableSection.ShouldContain(fix[..7]);
        stableSection.ShouldNotContain("chore(release)");
    }

    [Fact]
    public async Task Release_RerunForSameVersion_DoesNotDuplicateChangelogSection()
    {
        repo.Commit("feat: a");
        await ReleaseAsync();
        repo.Git("tag", "-d", "v0.1.0");
        repo.Commit("fix: b");

        await ReleaseAsync();

        var changelog = repo.Read("CHANGELOG.md");
        changelog.Split("## 0.1.0").Length.ShouldBe(2);
        changelog.ShouldContain("### Bug fixes");
    }

    [Fact]
    public async Task Release_PushesBranchAndTagToOrigin()
    {
        repo.Commit("feat: a");
        using var origin = repo.AddBareOrigin();

        var outcome = await ReleaseAsync();

        outcome.Published.ShouldBe($"pushed main, v0.1.0 to origin");
        origin.Git("rev-parse", "v0.1.0^{commit}").ShouldBe(repo.Head);
        origin.Git("rev-parse", "main").ShouldBe(repo.Head);
    }

    [Fact]
    public async Task Release_NoPush_KeepsEverythingLocal()
    {
        repo.Commit("feat: a");
        using var origin = repo.AddBareOrigin();
        var before = origin.Git("rev-parse", "main");

        var outcome = await ReleaseAsync(new ReleaseRequest(Push: false));

        outcome.Published.ShouldBe("nothing to push");
        origin.Git("rev-parse", "main").ShouldBe(before);
        origin.Git("tag", "--list").ShouldBeEmpty();
    }

    [Fact]
    public async Task Plan_ConfiguredMissingFile_IsAProblemAndExecutionRefuses()
    {
        repo.Commit("feat: a");
        var config = ReleaseConfig.Default with { Files = [new VersionFileSpec("VERSION", VersionFileFormats.Plain, true)] };

        var plan = await PlanAsync(config: config);
        var executed = await new ReleaseExecutor(repo.Repository(), config).ExecuteAsync(plan, true, CancellationToken.None);

        plan.Problems.ShouldBe(["VERSION: file not found"]);
        executed.Error!.ShouldStartWith("cannot release: VERSION: file not found");
        repo.Tags.ShouldBeEmpty();
    }

    [Fact]
    public async Task Monorepo_EachPackageVersionsOnItsOwnPath()
    {
        repo.Commit("chore: layout", ("services/api/package.json", "{ \"version\": \"1.0.0\" }\n"), ("web/package.json", "{ \"version\": \"0.4.0\" }\n"));
        repo.Tag("api-v1.0.0");
        repo.Tag("web-v0.4.0");
        var apiFix = repo.Commit("fix(api): timeout", ("services/api/server.js", "//"));
        repo.Commit("docs: root readme", ("README.md", "#"));
        var config = ReleaseConfig.Default with
        {
            Packages =
            [
                new PackageConfig("api", "services/api", "{name}-v{version}", null, "services/api/CHANGELOG.md", null),
                new PackageConfig("web", "web", "{name}-v{version}", null, "web/CHANGELOG.md", null),
            ],
        };

        var plan = await PlanAsync(config: config);
        var outcome = await ReleaseAsync(config: config);

        plan.Units.Select(u => (u.Unit.Name, u.Releasable)).ShouldBe([("api", true), ("web", false)]);
        plan.Units[0].Commits.Single().Sha.ShouldBe(apiFix);
        outcome.Tags.ShouldBe(["api-v1.0.1"]);
        repo.Read("services/api/package.json").ShouldBe("{ \"version\": \"1.0.1\" }\n");
        repo.Read("web/package.json").ShouldBe("{ \"version\": \"0.4.0\" }\n");
        File.Exists(Path.Combine(repo.Path, "services/api/CHANGELOG.md")).ShouldBeTrue();
        File.Exists(Path.Combine(repo.Path, "web/CHANGELOG.md")).ShouldBeFalse();
    }

    [Fact]
    public async Task Verify_ListsFilesThatDisagreeWithTheTag()
    {
        repo.Commit("feat: a", ("VERSION", "1.3.0\n"), ("package.json", "{\"version\": \"1.2.0\"}"), ("CHANGELOG.md", "# Changelog\n\n## 1.3.0 (2026-11-22)\n"));

        var ok = await new ReleaseVerifier(repo.Repository(), ReleaseConfig.Default).VerifyAsync("v1.3.0", CancellationToken.None);

        ok.Value!.Ok.ShouldBeFalse();
        ok.Value.Mismatches.Select(f => (f.Path, f.Found, f.Expected)).ShouldBe([("package.json", "1.2.0", "1.3.0")]);
        ok.Value.Files.Count.ShouldBe(3);
    }

    [Fact]
    public async Task Verify_UnknownTag_IsAnError() =>
        (await new ReleaseVerifier(repo.Repository(), ReleaseConfig.Default).VerifyAsync("release-1", CancellationToken.None)).Error!.ShouldContain("matches no tag template");
}
