using Sluice.Core.Releases.Changelog;
using Sluice.Core.Releases.Commits;
using Sluice.Core.Releases.Versioning;

namespace Sluice.Core.Tests.Releases;

public class ChangelogTests
{
    private static ConventionalCommit C(string sha, string message) =>
        ConventionalCommitParser.Parse(new RawCommit(sha.PadRight(40, '0'), ["p"], message));

    private static readonly ChangelogLinks GitHub = ChangelogLinks.ForGitHub("https://github.com/acme/app");
    private static readonly DateOnly Day = new(2026, 11, 22);

    [Fact]
    public void RenderSection_GroupsInFixedOrder_WithBoldScopesAndShaLinks()
    {
        ConventionalCommit[] commits =
        [
            C("1111111", "fix(api): handle empty body"),
            C("2222222", "feat: export to CSV"),
            C("3333333", "perf(db): batch inserts"),
            C("4444444", "feat(auth)!: drop basic auth\n\nBREAKING CHANGE: use tokens instead"),
            C("5555555", "Revert \"feat: old thing\"\n\nThis reverts commit 9999999999999999999999999999999999999999."),
            C("6666666", "chore: tidy"),
            C("7777777", "Update README"),
        ];

        var section = ChangelogRenderer.RenderSection(SemVersion.Parse("1.3.0"), "v1.3.0", "v1.2.0", Day, commits, GitHub, includeOther: true);

        section.ShouldBe(
            """
            ## [1.3.0](https://github.com/acme/app/compare/v1.2.0...v1.3.0) (2026-11-22)

            ### Breaking changes

            * **auth:** use tokens instead ([4444444](https://github.com/acme/app/commit/4444444000000000000000000000000000000000))

            ### Features

            * export to CSV ([2222222](https://github.com/acme/app/commit/2222222000000000000000000000000000000000))

            ### Bug fixes

            * **api:** handle empty body ([1111111](https://github.com/acme/app/commit/1111111000000000000000000000000000000000))

            ### Performance

            * **db:** batch inserts ([3333333](https://github.com/acme/app/commit/3333333000000000000000000000000000000000))

            ### Reverts

            * Revert "feat: old thing" ([5555555](https://github.com/acme/app/commit/5555555000000000000000000000000000000000))

            ### Other

            * Update README ([7777777](https://github.com/acme/app/commit/7777777000000000000000000000000000000000))

            """.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Fact]
    public void RenderSection_OtherDisabled_OmitsNonConventional() =>
        ChangelogRenderer.RenderSection(SemVersion.Parse("1.0.0"), "v1.0.0", null, Day, [C("7777777", "Update README")], GitHub, includeOther: false)
            .ShouldBe("## 1.0.0 (2026-11-22)\n\nNo notable changes.\n");

    [Fact]
    public void RenderSection_NoLinks_PlainHeadingAndShortShas() =>
        ChangelogRenderer.RenderSection(SemVersion.Parse("0.2.0"), "v0.2.0", "v0.1.0", Day, [C("abcdef1", "feat: x")], ChangelogLinks.None, false)
            .ShouldBe("## 0.2.0 (2026-11-22)\n\n### Features\n\n* x (abcdef1)\n");

    [Fact]
    public void Insert_NewFile_AddsTitle() =>
        ChangelogDocument.Insert(null, "## 1.0.0 (2026-11-22)\n\n* a\n", SemVersion.Parse("1.0.0")).ShouldBe("# Changelog\n\n## 1.0.0 (2026-11-22)\n\n* a\n");

    [Fact]
    public void Insert_PrependsAboveLatestRelease_KeepingPreamble()
    {
        var existing = "# Changelog\n\nAll notable changes.\n\n## 1.0.0 (2026-01-01)\n\n* old\n";

        var result = ChangelogDocument.Insert(existing, "## [1.1.0](u) (2026-11-22)\n\n* new\n", SemVersion.Parse("1.1.0"));

        result.ShouldBe("# Changelog\n\nAll notable changes.\n\n## [1.1.0](u) (2026-11-22)\n\n* new\n\n## 1.0.0 (2026-01-01)\n\n* old\n");
    }

    [Fact]
    public void Insert_SameVersionTwice_ReplacesInsteadOfDuplicating()
    {
        var once = ChangelogDocument.Insert("# Changelog\n\n## 1.0.0 (2026-01-01)\n\n* old\n", "## [1.1.0](u) (2026-11-22)\n\n* first try\n", SemVersion.Parse("1.1.0"));

        var twice = ChangelogDocument.Insert(once, "## [1.1.0](u) (2026-11-23)\n\n* second try\n", SemVersion.Parse("1.1.0"));

        twice.ShouldBe("# Changelog\n\n## [1.1.0](u) (2026-11-23)\n\n* second try\n\n## 1.0.0 (2026-01-01)\n\n* old\n");
    }

    [Fact]
    public void FindSection_DoesNotConfuseVersionPrefixes()
    {
        var text = "## 1.1.0-rc.1 (x)\n\n* a\n\n## 1.1.0 (y)\n\n* b\n";

        var (start, length) = ChangelogDocument.FindSection(text, SemVersion.Parse("1.1.0"))!.Value;

        text.Substring(start, length).ShouldBe("## 1.1.0 (y)\n\n* b\n");
    }
}
