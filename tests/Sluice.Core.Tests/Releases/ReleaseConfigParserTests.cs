using Sluice.Core.Diagnostics;
using Sluice.Core.Releases.Config;
using Sluice.Core.Releases.Versioning;
using Sluice.Core.Releases.VersionFiles;

namespace Sluice.Core.Tests.Releases;

public class ReleaseConfigParserTests
{
    private static ReleaseConfigResult Parse(string yaml) => ReleaseConfigParser.Parse(yaml.Replace("\r\n", "\n", StringComparison.Ordinal), ".sluice/release.yml");

    [Fact]
    public void Parse_Empty_GivesDefaults()
    {
        var result = Parse("");

        result.Config.ShouldBe(ReleaseConfig.Default);
        result.Config!.Policy.ShouldBe(BumpPolicy.Conventional);
        result.Config.Tag.ShouldBe("v{version}");
        result.Config.Files.ShouldBeNull();
    }

    [Fact]
    public void Parse_FullConfiguration()
    {
        var result = Parse("""
            policy: sprint
            tag: release-{version}
            first-version: 1.0.0
            breaking-before-1.0: major
            include-merges: true
            other: true
            changelog:
              file: docs/CHANGES.md
              compare-url: https://git.example.com/a/b/compare/{previous}..{tag}
            files:
              - VERSION
              - path: chart/Chart.yaml
                pattern: '^appVersion: (?<version>.+)$'
              - path: setup.cfg
                pattern: '^version = (.+)$'
                pep440: true
            commit-message: "release: {tags}"
            push: false
            github:
              repository: acme/app
              api-url: https://ghe.example.com/api/v3
              token-env: GHE_TOKEN
              release: false
            sprint:
              start: 2026-01-05
              every: 1w
              branch: sprint-{sprint}
              pr-title: "Sprint {sprint} of the year"
              on-conflict: fail
            packages:
              - name: api
                path: services/api
              - name: web
                path: web/
                tag: web@{version}
                changelog: false
                files: [package.json]
            """);

        result.Diagnostics.ShouldBeEmpty();
        var c = result.Config!;
        c.Policy.ShouldBe(BumpPolicy.Sprint);
        c.Tag.ShouldBe("release-{version}");
        c.FirstVersion.ToString().ShouldBe("1.0.0");
        c.BreakingBeforeOne.ShouldBe(BumpKind.Major);
        (c.IncludeMerges, c.IncludeOther, c.Push).ShouldBe((true, true, false));
        c.Changelog.ShouldBe(new ChangelogConfig(true, "docs/CHANGES.md", "https://git.example.com/a/b/compare/{previous}..{tag}", null));
        c.Files!.Select(f => (f.Path, f.Format.Name)).ShouldBe([("VERSION", "plain"), ("chart/Chart.yaml", "regex"), ("setup.cfg", "regex")]);
        c.Files![2].Format.Render(SemVersion.Parse("1.0.0-rc.2")).ShouldBe("1.0.0rc2");
        c.CommitMessage.ShouldBe("release: {tags}");
        c.GitHub.ShouldBe(new GitHubConfig("acme/app", "https://ghe.example.com/api/v3", "GHE_TOKEN", false));
        c.Sprint.Start.ShouldBe(new DateOnly(2026, 1, 5));
        c.Sprint.Cadence.ShouldBe(TimeSpan.FromDays(7));
        c.Sprint.Branch.ShouldBe("sprint-{n}");
        c.Sprint.PrTitle.ShouldBe("Sprint {n} of the year");
        c.Sprint.OnConflict.ShouldBe(SprintConflictAction.Fail);
        c.Packages.Count.ShouldBe(2);
        c.Packages[0].ShouldBe(new PackageConfig("api", "services/api", "{name}-v{version}", null, "services/api/CHANGELOG.md", null));
        c.Packages[1].Tag.ShouldBe("web@{version}");
        c.Packages[1].ChangelogFile.ShouldBeNull();
        c.Packages[1].Files!.Single().Path.ShouldBe("web/package.json");
        c.Packages[1].Files!.Single().Format.ShouldBe(VersionFileFormats.PackageJson);
    }

    [Fact]
    public void Parse_UnknownKey_ReportsPositionAndSuggestion()
    {
        var result = Parse("policy: conventional\nchangelg: CHANGES.md\n");

        result.Success.ShouldBeFalse();
        result.Diagnostics.Single().ToString().ShouldBe(".sluice/release.yml:2:1: error SL1004: unknown key `changelg` in the release configuration (hint: did you mean `changelog`?)");
    }

    [Fact]
    public void Parse_InvalidValues_AreAllReported()
    {
        var result = Parse("policy: yearly\ntag: release\nfirst-version: one\npush: maybe\nsprint:\n  every: 3h\n  branch: sprint\n");

        result.Diagnostics.Select(d => $"{d.Location.Line}:{d.Location.Column} {d.Code}").ShouldBe(
            ["1:9 SL1007", "2:6 SL1007", "3:16 SL1007", "4:7 SL1005", "6:10 SL1205", "7:11 SL1007"]);
    }

    [Fact]
    public void Parse_DuplicateKey_IsAnError() =>
        Parse("push: true\npush: false\n").Diagnostics.Single().ToString().ShouldStartWith(".sluice/release.yml:2:1: error SL1003: duplicate key `push`");

    [Fact]
    public void Parse_YamlSyntaxError_HasLocation()
    {
        var d = Parse("policy: [conventional\n").Diagnostics.Single();

        d.Code.ShouldBe(DiagnosticCodes.YamlSyntax);
        d.Location.Line.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Parse_WrongShapes_AreReported()
    {
        var result = Parse("files: VERSION\ngithub: acme/app\npackages:\n  - name: api\n");

        result.Diagnostics.Select(d => d.Code).ShouldBe([DiagnosticCodes.WrongType, DiagnosticCodes.WrongType, DiagnosticCodes.MissingKey]);
    }

    [Fact]
    public void Parse_FileWithUnknownFormat_AsksForPattern()
    {
        var d = Parse("files:\n  - chart/Chart.yaml\n").Diagnostics.Single();

        d.Message.ShouldBe("cannot tell the version format of `chart/Chart.yaml` from its name");
        d.Location.ShouldBe(new SourceLocation(".sluice/release.yml", 2, 5));
    }

    [Fact]
    public void Parse_TheSprintRollupExample()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "Sluice.sln")))
        {
            dir = Path.GetDirectoryName(dir)!;
        }

        var path = Path.Combine(dir, "examples", "sprint-rollup", ".sluice", "release.yml");
        var result = ReleaseConfigParser.Parse(File.ReadAllText(path), path);

        result.Diagnostics.ShouldBeEmpty();
        result.Config!.Policy.ShouldBe(BumpPolicy.Sprint);
        result.Config.Sprint.Start.ShouldBe(new DateOnly(2026, 1, 5));
        result.Config.Sprint.Cadence.ShouldBe(TimeSpan.FromDays(14));
        result.Config.Sprint.Branch.ShouldBe("s{n}");
    }

    [Fact]
    public void Parse_RootTagWithName_IsRejected() => Parse("tag: '{name}-{version}'\n").Success.ShouldBeFalse();

    [Fact]
    public void Parse_ChangelogFalse_Disables() => Parse("changelog: false\n").Config!.Changelog.Enabled.ShouldBeFalse();

    [Fact]
    public void Parse_DuplicatePackage_IsRejected() =>
        Parse("packages:\n  - {name: a, path: x}\n  - {name: a, path: y}\n").Diagnostics.Single().Message.ShouldBe("package `a` is declared twice");
}
