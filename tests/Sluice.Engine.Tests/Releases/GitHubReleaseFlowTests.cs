using System.Text.Json.Nodes;
using Sluice.Core.Releases.Config;
using Sluice.Engine.Releases;
using Sluice.Engine.Releases.GitHub;
using Sluice.Engine.Tests.Releases.FakeGitHub;

namespace Sluice.Engine.Tests.Releases;

/// <summary>GitHub mode against the fake API: what is read, and the exact write calls of a release.</summary>
public sealed class GitHubReleaseFlowTests : IAsyncDisposable
{
    private readonly FakeGitHubServer server = FakeGitHubServer.Start();
    private readonly HttpClient http = new();
    private readonly FakeTime time = new(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero));

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await server.DisposeAsync();
    }

    private FakeGitHubState S => server.State;

    private GitHubReleaseRepository Repo(string token = FakeGitHubServer.Token) => new(new GitHubClient(http, server.BaseUrl, token), "acme/app");

    private static IEnumerable<string> Writes(IEnumerable<string> calls) => calls.Where(c => !c.StartsWith("GET", StringComparison.Ordinal));

    private string SeedReleasedRepository()
    {
        S.Commit("main", "feat: base", ("package.json", "{\n  \"name\": \"app\",\n  \"version\": \"1.2.0\"\n}\n"), ("CHANGELOG.md", "# Changelog\n\n## 1.2.0 (2026-01-01)\n\n* base\n"));
        S.Tag("v1.2.0", S.Head("main"));
        S.Commit("main", "fix(api): handle empty body");
        return S.Commit("main", "feat: export", ("src/export.js", "//"));
    }

    [Fact]
    public async Task Plan_ReadsTagsHistoryAndFilesThroughTheApi()
    {
        var tagged = SeedReleasedRepository() is var head ? S.Peel(S.Refs["tags/v1.2.0"]) : null;

        var plan = await new ReleasePlanner(Repo(), ReleaseConfig.Default, time).PlanAsync(new ReleaseRequest(), CancellationToken.None);

        plan.Error.ShouldBeNull();
        var unit = plan.Value!.Units.Single();
        (unit.CurrentTag, unit.Decision.Next!.ToString()).ShouldBe(("v1.2.0", "1.3.0"));
        unit.Commits.Select(c => c.Header).ShouldBe(["feat: export", "fix(api): handle empty body"]);
        unit.ChangelogSection!.ShouldStartWith("## [1.3.0](https://github.example/acme/app/compare/v1.2.0...v1.3.0) (2026-11-22)");
        plan.Value.Operations.Select(o => o.Kind).ShouldBe(["commit", "tag", "release"]);
        var tree = S.Commits[head].TreeSha;
        server.Calls.ShouldBe(
        [
            "GET /repos/acme/app",
            "GET /repos/acme/app/git/ref/heads/main",
            $"GET /repos/acme/app/git/commits/{head}",
            "GET /repos/acme/app/tags",
            $"GET /repos/acme/app/compare/{tagged}...{head}",
            $"GET /repos/acme/app/compare/{tagged}...{head}",
            $"GET /repos/acme/app/git/trees/{tree}",
            "GET /repos/acme/app/contents/package.json",
            "GET /repos/acme/app/contents/CHANGELOG.md",
        ]);
        server.Requests.Single(r => r.PathAndQuery.Contains("/trees/", StringComparison.Ordinal)).PathAndQuery.ShouldEndWith("?recursive=1");
        server.Requests.Where(r => r.Path.Contains("/contents/", StringComparison.Ordinal)).ShouldAllBe(r => r.PathAndQuery.EndsWith("?ref=" + head, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Release_OneCommitThroughGitDataApi_AnnotatedTagAndGitHubRelease()
    {
        var head = SeedReleasedRepository();
        var repo = Repo();
        var plan = (await new ReleasePlanner(repo, ReleaseConfig.Default, time).PlanAsync(new ReleaseRequest(), CancellationToken.None)).Value!;
        server.ClearRequests();

        var outcome = await new ReleaseExecutor(repo, ReleaseConfig.Default).ExecuteAsync(plan, publish: true, CancellationToken.None);

        outcome.Error.ShouldBeNull();
        Writes(server.Calls).ShouldBe(
        [
            "POST /repos/acme/app/git/blobs",
            "POST /repos/acme/app/git/blobs",
            "POST /repos/acme/app/git/trees",
            "POST /repos/acme/app/git/commits",
            "PATCH /repos/acme/app/git/refs/heads/main",
            "POST /repos/acme/app/git/tags",
            "POST /repos/acme/app/git/refs",
            "POST /repos/acme/app/releases",
        ]);
        var bodies = server.Requests.Where(r => r.Method != "GET").Select(r => r.Body!).ToList();
        bodies[2]["base_tree"]!.GetValue<string>().ShouldBe(S.Commits[head].TreeSha);
        bodies[2]["tree"]!.AsArray().Select(e => (string)e!["path"]!).ShouldBe(["package.json", "CHANGELOG.md"]);
        bodies[2]["tree"]!.AsArray().ShouldAllBe(e => (string)e!["mode"]! == "100644" && (string)e["type"]! == "blob");
        bodies[3]["parents"]!.AsArray().Select(p => (string)p!).ShouldBe([head]);
        bodies[3]["message"]!.GetValue<string>().ShouldBe("chore(release): v1.3.0");
        bodies[4].ToJsonString().ShouldBe($"{{\"sha\":\"{outcome.Value!.CommitSha}\",\"force\":false}}");
        bodies[5].ToJsonString().ShouldBe($"{{\"tag\":\"v1.3.0\",\"message\":\"Release v1.3.0\",\"object\":\"{outcome.Value.CommitSha}\",\"type\":\"commit\"}}");
        bodies[6]["ref"]!.GetValue<string>().ShouldBe("refs/tags/v1.3.0");
        S.TagObjects.ShouldContainKey(bodies[6]["sha"]!.GetValue<string>());
        bodies[7]["tag_name"]!.GetValue<string>().ShouldBe("v1.3.0");
        bodies[7]["prerelease"]!.GetValue<bool>().ShouldBeFalse();
        bodies[7]["body"]!.GetValue<string>().ShouldStartWith("### Features\n\n* export ([");

        var released = S.Head("main");
        released.ShouldBe(outcome.Value.CommitSha);
        S.Commits[released].Parents.ShouldBe([head]);
        S.Content(released, "package.json").ShouldBe("{\n  \"name\": \"app\",\n  \"version\": \"1.3.0\"\n}\n");
        S.Content(released, "src/export.js").ShouldBe("//");
        S.Content(released, "CHANGELOG.md")!.ShouldStartWith("# Changelog\n\n## [1.3.0](");
        S.Peel(S.Refs["tags/v1.3.0"]).ShouldBe(released);
        outcome.Value.Published.ShouldBe("GitHub releases: https://github.example/acme/app/releases/tag/v1.3.0");
    }

    [Fact]
    public async Task History_IsReadAcrossPages()
    {
        S.Commit("main", "feat: base", ("VERSION", "1.0.0\n"));
        S.Tag("v1.0.0", S.Head("main"));
        for (var i = 0; i < 23; i++)
        {
            S.Commit("main", $"fix: bug {i}");
        }

        server.MaxPageSize = 10;

        var plan = await new ReleasePlanner(Repo(), ReleaseConfig.Default, time).PlanAsync(new ReleaseRequest(), CancellationToken.None);

        plan.Value!.Units.Single().Commits.Count.ShouldBe(23);
        plan.Value.Units.Single().Commits[0].Header.ShouldBe("fix: bug 22");
        server.Requests.Count(r => r.Path.Contains("/compare/", StringComparison.Ordinal)).ShouldBe(1 + 3);
        server.Requests.ShouldContain(r => r.PathAndQuery.Contains("page=3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HigherTagOnAnUnmergedBranch_IsNotTheLastRelease()
    {
        S.Commit("main", "feat: base", ("VERSION", "1.0.0\n"));
        S.Tag("v1.0.0", S.Head("main"));
        S.Branch("experiment", S.Head("main"));
        S.Commit("experiment", "feat!: rewrite");
        S.Tag("v2.0.0", S.Head("experiment"));
        S.Commit("main", "fix: small");

        var unit = (await new ReleasePlanner(Repo(), ReleaseConfig.Default, time).PlanAsync(new ReleaseRequest(), CancellationToken.None)).Value!.Units.Single();

        unit.CurrentTag.ShouldBe("v1.0.0");
        unit.Decision.Next!.ToString().ShouldBe("1.0.1");
    }

    [Fact]
    public async Task Monorepo_PathFilteredHistory()
    {
        S.Commit("main", "chore: layout", ("services/api/package.json", "{\"version\": \"1.0.0\"}"), ("web/package.json", "{\"version\": \"1.0.0\"}"));
        S.Tag("api-v1.0.0", S.Head("main"));
        S.Commit("main", "feat(web): page", ("web/page.js", "//"));
        S.Commit("main", "fix(api): crash", ("services/api/x.js", "//"));
        var config = ReleaseConfig.Default with { Packages = [new PackageConfig("api", "services/api", "{name}-v{version}", null, null, null)] };

        var unit = (await new ReleasePlanner(Repo(), config, time).PlanAsync(new ReleaseRequest(), CancellationToken.None)).Value!.Units.Single();

        unit.Commits.Select(c => c.Header).ShouldBe(["fix(api): crash"]);
        unit.Decision.Next!.ToString().ShouldBe("1.0.1");
        server.Requests.ShouldContain(r => r.PathAndQuery.Contains("path=services%2Fapi", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Release_BranchMovedMeanwhile_RefusesToOverwrite()
    {
        SeedReleasedRepository();
        var repo = Repo();
        var plan = (await new ReleasePlanner(repo, ReleaseConfig.Default, time).PlanAsync(new ReleaseRequest(), CancellationToken.None)).Value!;
        var concurrent = S.Commit("main", "fix: pushed by someone else");

        var outcome = await new ReleaseExecutor(repo, ReleaseConfig.Default).ExecuteAsync(plan, true, CancellationToken.None);

        outcome.Error!.ShouldContain("Update is not a fast forward");
        S.Head("main").ShouldBe(concurrent);
        S.Refs.Keys.ShouldNotContain("tags/v1.3.0");
    }

    [Fact]
    public async Task BadToken_IsReportedNotThrown()
    {
        var head = await Repo("wrong").GetHeadAsync(null, CancellationToken.None);

        head.Error.ShouldBe("reading acme/app: HTTP 401: Bad credentials");
    }

    [Fact]
    public async Task ReadFile_MissingIsNull_PresentIsDecoded()
    {
        var sha = S.Commit("main", "feat: a", ("docs/é.md", "héllo\n"));

        var repo = Repo();

        (await repo.ReadFileAsync("nope.txt", sha, CancellationToken.None)).Value.ShouldBeNull();
        (await repo.ReadFileAsync("docs/é.md", sha, CancellationToken.None)).Value.ShouldBe("héllo\n");
    }

    [Fact]
    public async Task ReadFile_OverTheContentsLimit_FallsBackToTheBlobsApi()
    {
        var big = string.Concat(Enumerable.Repeat("## 0.1.0 (2026-01-01)\n\n* line\n\n", 20));
        var sha = S.Commit("main", "feat: a", ("CHANGELOG.md", big));
        server.ContentsApiLimit = 100;

        var content = await Repo().ReadFileAsync("CHANGELOG.md", sha, CancellationToken.None);

        content.Value.ShouldBe(big);
        server.Calls.ShouldBe(["GET /repos/acme/app/contents/CHANGELOG.md", $"GET /repos/acme/app/git/blobs/{S.Trees[S.Commits[sha].TreeSha]["CHANGELOG.md"].Blob}"]);
    }

    [Fact]
    public async Task Verify_ReadsFilesThroughTheApi()
    {
        S.Commit("main", "feat: a", ("VERSION", "2.0.0\n"), ("src/app/__init__.py", "__version__ = \"2.0.0rc1\"\n"));

        var report = (await new ReleaseVerifier(Repo(), ReleaseConfig.Default with { Changelog = ChangelogConfig.Default with { Enabled = false } })
            .VerifyAsync("v2.0.0-rc.1", CancellationToken.None)).Value!;

        report.Mismatches.Select(f => f.Path).ShouldBe(["VERSION"]);
        report.Files.Single(f => f.Path == "src/app/__init__.py").Ok.ShouldBeTrue();
    }

    [Fact]
    public async Task Fake_RefusesRequestsWithoutGitHubHeaders()
    {
        using var raw = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, server.BaseUrl + "/repos/acme/app");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", FakeGitHubServer.Token);

        using var response = await raw.SendAsync(request);

        ((int)response.StatusCode).ShouldBe(400);
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!["message"]!.GetValue<string>().ShouldContain("X-GitHub-Api-Version");
    }
}
