using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Sluice.Cli.Commands;

namespace Sluice.Cli.Tests.Commands;

/// <summary><c>sluice release</c>, <c>verify</c> and <c>rollup</c> on real repositories: output, JSON and exit codes.</summary>
public sealed class ReleaseCommandTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("sluice-cli-rel-").FullName;
    private readonly Dictionary<string, string> env = [];

    public ReleaseCommandTests()
    {
        Git("init", "-q", "-b", "main");
        Git("config", "user.name", "Test");
        Git("config", "user.email", "test@example.com");
        Git("config", "commit.gpgsign", "false");
        Git("config", "tag.gpgsign", "false");
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private sealed class Clock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    }

    private string Git(params string[] args)
    {
        var psi = new ProcessStartInfo("git") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEnd();
        p.StandardError.ReadToEnd();
        p.WaitForExit();
        p.ExitCode.ShouldBe(0, $"git {string.Join(' ', args)}");
        return stdout.Trim();
    }

    private void Commit(string message, params (string Path, string Content)[] files)
    {
        foreach (var (path, content) in files)
        {
            var full = Path.Combine(dir, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
        }

        Git("add", "-A");
        Git("commit", "-q", "--allow-empty", "-m", message);
    }

    private async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var root = new RootCommand();
        root.Subcommands.Add(ReleaseCommand.Create(new Clock(), name => env.GetValueOrDefault(name)));
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await root.Parse(["release", .. args]).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString().Replace("\r\n", "\n", StringComparison.Ordinal), error.ToString());
    }

    [Fact]
    public async Task DryRun_PrintsVersionsWhyDiffsChangelogAndOperations_ChangesNothing()
    {
        Commit("chore: init", ("VERSION", "0.0.0\n"));
        Commit("feat(api): add export");
        var head = Git("rev-parse", "HEAD");

        var (code, output, _) = await RunAsync("--repo", dir, "--dry-run");

        code.ShouldBe(0);
        output.ShouldContain("Current version: none (no release tag yet)\nNext version:    0.1.0 (first release (0.1.0); minor: 1 feature, 1 other commit)");
        output.ShouldContain("feat(api): add export  → minor");
        output.ShouldContain("VERSION (plain): 0.0.0 → 0.1.0\n    --- a/VERSION\n    +++ b/VERSION\n    @@ -1,1 +1,1 @@\n    -0.0.0\n    +0.1.0\n");
        output.ShouldContain("Changelog (CHANGELOG.md):\n  ## 0.1.0 (2026-11-22)\n\n  ### Features\n\n  * **api:** add export (");
        output.ShouldContain("Operations:\n  1. commit \"chore(release): v0.1.0\" on main: VERSION, CHANGELOG.md\n  2. tag v0.1.0 (annotated: \"Release v0.1.0\")\n  3. push main and v0.1.0 to origin (atomic)\n");
        output.ShouldEndWith("Dry run: nothing was changed.\n");
        Git("rev-parse", "HEAD").ShouldBe(head);
        Git("tag").ShouldBeEmpty();
        File.ReadAllText(Path.Combine(dir, "VERSION")).ShouldBe("0.0.0\n");
    }

    [Fact]
    public async Task Json_DryRun_DescribesThePlan()
    {
        Commit("feat: a");
        Commit("fix!: b\n\nBREAKING CHANGE: renamed");

        var (code, output, _) = await RunAsync("--repo", dir, "--dry-run", "--json", "--bump", "minor");

        code.ShouldBe(0);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        root.GetProperty("status").GetString().ShouldBe("planned");
        root.GetProperty("mode").GetString().ShouldBe("git");
        var unit = root.GetProperty("units")[0];
        unit.GetProperty("next").GetString().ShouldBe("0.1.0");
        unit.GetProperty("tag").GetString().ShouldBe("v0.1.0");
        unit.GetProperty("commits")[0].GetProperty("breaking").GetBoolean().ShouldBeTrue();
        root.GetProperty("operations").EnumerateArray().Select(o => o.GetProperty("kind").GetString()).ShouldBe(["commit", "tag", "push"]);
    }

    [Fact]
    public async Task Release_ThenAgain_SaysNothingToRelease()
    {
        Commit("fix: a");

        var first = await RunAsync("--repo", dir, "--pre", "rc");
        var second = await RunAsync("--repo", dir, "--pre", "rc");

        first.Code.ShouldBe(0);
        first.Out.ShouldContain("Released v0.1.0-rc.1 at ");
        Git("tag").ShouldBe("v0.1.0-rc.1");
        second.Code.ShouldBe(0);
        second.Out.ShouldContain("Next version:    none; nothing to release (no commits since v0.1.0-rc.1)");
        second.Out.ShouldEndWith("Nothing to release. (Use --always to release anyway.)\n");
    }

    [Fact]
    public async Task Verify_Mismatch_ExitsOneWithTheFiles()
    {
        Commit("feat: a", ("VERSION", "1.3.0\n"), ("package.json", "{ \"version\": \"1.2.9\" }\n"));

        var (code, output, _) = await RunAsync("verify", "--repo", dir, "--tag", "v1.3.0");

        code.ShouldBe(1);
        output.ShouldBe("v1.3.0: 2 of 3 files do not say 1.3.0:\n  package.json: 1.2.9 (expected 1.3.0)\n  CHANGELOG.md: no section for 1.3.0\n");
    }

    [Fact]
    public async Task Verify_Match_ExitsZero()
    {
        Commit("feat: a", ("VERSION", "1.3.0\n"), (".sluice/release.yml", "changelog: false\n"));

        var (code, output, _) = await RunAsync("verify", "--repo", dir, "--tag", "v1.3.0");

        (code, output).ShouldBe((0, "v1.3.0: all 1 checked files say 1.3.0.\n"));
    }

    [Fact]
    public async Task Verify_TagOutsideTemplate_IsUsage()
    {
        Commit("feat: a");

        var (code, _, error) = await RunAsync("verify", "--repo", dir, "--tag", "1.3.0");

        code.ShouldBe(2);
        error.ShouldContain("tag `1.3.0` matches no tag template (v{version})");
    }

    [Fact]
    public async Task InvalidConfiguration_IsUsage_WithFileLineColumn()
    {
        Commit("feat: a", (".sluice/release.yml", "policy: conventional\ntag: v{version}\nbump-files: []\n"));

        var (code, _, error) = await RunAsync("--repo", dir, "--dry-run");

        code.ShouldBe(2);
        error.ShouldStartWith(".sluice/release.yml:3:1: error SL1004: unknown key `bump-files`");
    }

    [Theory]
    [InlineData("--bump", "huge")]
    [InlineData("--pre", "1")]
    [InlineData("--mode", "svn")]
    [InlineData("--package", "nope")]
    public async Task BadFlags_AreUsage(string flag, string value)
    {
        Commit("feat: a");

        (await RunAsync("--repo", dir, "--dry-run", flag, value)).Code.ShouldBe(2);
    }

    [Fact]
    public async Task NotARepository_IsUsage()
    {
        var (code, _, error) = await RunAsync("--repo", Path.Combine(dir, "missing"), "--dry-run");

        code.ShouldBe(2);
        error.ShouldContain("is not inside a git repository");
    }

    [Fact]
    public async Task GitHubMode_WithoutToken_IsUsage()
    {
        var (code, _, error) = await RunAsync("--github", "acme/app", "--dry-run");

        code.ShouldBe(2);
        error.ShouldContain("GitHub mode needs a token in $GITHUB_TOKEN");
    }

    [Fact]
    public async Task GitHubMode_UnreachableApi_IsUsageBecauseConfigCannotBeRead()
    {
        env["MY_TOKEN"] = "t";

        var (code, _, error) = await RunAsync("--github", "acme/app", "--api-url", "http://127.0.0.1:9/api/v3", "--token-env", "MY_TOKEN", "--dry-run");

        code.ShouldBe(2);
        error.ShouldContain("reading acme/app: HTTP 0:");
    }

    [Fact]
    public async Task Rollup_DryRunThenRun_BootstrapsFirstSprint()
    {
        Commit("chore: init");

        var dry = await RunAsync("rollup", "--repo", dir, "--dry-run");
        var real = await RunAsync("rollup", "--repo", dir);
        var again = await RunAsync("rollup", "--repo", dir, "--json");

        dry.Code.ShouldBe(0);
        dry.Out.ShouldContain("Sprint: no sprint branch yet; opening sprint 1.");
        dry.Out.ShouldContain("1. create s1 from main with the seed commit \"chore(sprint): open sprint 1\"");
        real.Code.ShouldBe(0);
        Git("branch", "--list", "s1").ShouldBe("s1");
        again.Code.ShouldBe(0);
        using var doc = JsonDocument.Parse(again.Out);
        doc.RootElement.GetProperty("status").GetString().ShouldBe("nothing-to-do");
    }
}
