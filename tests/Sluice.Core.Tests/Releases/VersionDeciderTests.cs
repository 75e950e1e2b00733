using Sluice.Core.Releases.Commits;
using Sluice.Core.Releases.Versioning;

namespace Sluice.Core.Tests.Releases;

public class VersionDeciderTests
{
    private static int counter;

    private static ConventionalCommit C(string message) =>
        ConventionalCommitParser.Parse(new RawCommit(Interlocked.Increment(ref counter).ToString("x40", System.Globalization.CultureInfo.InvariantCulture), ["p"], message));

    private static ReleaseBaseline At(params string[] tags)
    {
        var versions = tags.Select(SemVersion.Parse).OrderDescending().ToList();
        var latest = versions.FirstOrDefault();
        var stable = versions.FirstOrDefault(v => !v.IsPrerelease);
        return new ReleaseBaseline(latest, latest is null ? null : "v" + latest, stable, stable is null ? null : "v" + stable, versions);
    }

    private static VersionDecision Decide(ReleaseBaseline baseline, VersionRequest request, params ConventionalCommit[] commits) =>
        VersionDecider.Decide(baseline, request, commits, commits);

    private static readonly VersionRequest Conventional = new(BumpPolicy.Conventional);

    [Theory]
    [InlineData("fix: a", "1.2.4")]
    [InlineData("perf: a", "1.2.4")]
    [InlineData("feat: a", "1.3.0")]
    [InlineData("feat!: a", "2.0.0")]
    [InlineData("chore: a\n\nBREAKING CHANGE: gone", "2.0.0")]
    public void Conventional_BumpFollowsStrongestCommit(string message, string expected)
    {
        var d = Decide(At("1.2.3"), Conventional, C("docs: x"), C(message), C("fix: y"));

        d.Releasable.ShouldBeTrue();
        d.Next!.ToString().ShouldBe(expected);
    }

    [Fact]
    public void Conventional_DecisiveCommitsAreTheStrongest()
    {
        var feat = C("feat: a");
        var d = Decide(At("1.2.3"), Conventional, C("fix: b"), feat);

        d.Decisive.ShouldBe([feat]);
        d.Reason.ShouldBe("minor: 1 feature, 1 fix");
    }

    [Fact]
    public void Conventional_OnlyOtherCommits_NothingReleasable()
    {
        var d = Decide(At("1.2.3"), Conventional, C("chore: a"), C("docs: b"), C("Update README"));

        d.Releasable.ShouldBeFalse();
        d.Next.ShouldBeNull();
        d.Reason.ShouldBe("no releasable commits (3 other commits)");
    }

    [Fact]
    public void Always_ReleasesPatchWhenNothingReleasable() =>
        Decide(At("1.2.3"), Conventional with { Always = true }, C("chore: a")).Next!.ToString().ShouldBe("1.2.4");

    [Fact]
    public void BeforeOne_BreakingBumpsMinorByDefault() => Decide(At("0.4.1"), Conventional, C("feat!: x")).Next!.ToString().ShouldBe("0.5.0");

    [Fact]
    public void BeforeOne_BreakingBumpsMajorWhenConfigured() =>
        Decide(At("0.4.1"), Conventional with { BreakingBeforeOne = BumpKind.Major }, C("feat!: x")).Next!.ToString().ShouldBe("1.0.0");

    [Fact]
    public void FirstRelease_UsesFirstVersion()
    {
        Decide(ReleaseBaseline.None, Conventional, C("feat!: x")).Next!.ToString().ShouldBe("0.1.0");
        Decide(ReleaseBaseline.None, Conventional with { FirstVersion = SemVersion.Parse("1.0.0") }, C("fix: x")).Next!.ToString().ShouldBe("1.0.0");
    }

    [Fact]
    public void FirstRelease_WithoutReleasableCommits_IsNothing() => Decide(ReleaseBaseline.None, Conventional, C("chore: init")).Releasable.ShouldBeFalse();

    [Fact]
    public void Pre_FirstPrereleaseIsRc1() => Decide(At("1.2.0"), Conventional with { Prerelease = "rc" }, C("feat: a")).Next!.ToString().ShouldBe("1.3.0-rc.1");

    [Fact]
    public void Pre_NextPrereleaseCounts()
    {
        var feat = C("feat: a");
        var fix = C("fix: b");

        var d = VersionDecider.Decide(At("1.2.0", "1.3.0-rc.1"), Conventional with { Prerelease = "rc" }, [fix, feat], [fix]);

        d.Next!.ToString().ShouldBe("1.3.0-rc.2");
    }

    [Fact]
    public void Pre_NoCommitsSincePrerelease_NothingReleasable()
    {
        var d = VersionDecider.Decide(At("1.2.0", "1.3.0-rc.1"), Conventional with { Prerelease = "rc" }, [C("feat: a")], []);

        d.Releasable.ShouldBeFalse();
        d.Reason.ShouldBe("no commits since v1.3.0-rc.1");
    }

    [Fact]
    public void Pre_NewLabelStartsAtOne() =>
        VersionDecider.Decide(At("1.2.0", "1.3.0-beta.4"), Conventional with { Prerelease = "rc" }, [C("feat: a")], []).Next!.ToString().ShouldBe("1.3.0-rc.1");

    [Fact]
    public void Pre_BreakingAfterRc_MovesToNextMajorTrain() =>
        VersionDecider.Decide(At("1.2.0", "1.3.0-rc.2"), Conventional with { Prerelease = "rc" }, [C("feat!: b"), C("feat: a")], [C("feat!: b")])
            .Next!.ToString().ShouldBe("2.0.0-rc.1");

    [Fact]
    public void Promotion_DropsTheSuffix()
    {
        var d = VersionDecider.Decide(At("1.2.0", "1.3.0-rc.1", "1.3.0-rc.2"), Conventional, [C("feat: a")], []);

        d.Next!.ToString().ShouldBe("1.3.0");
        d.Reason.ShouldStartWith("promote 1.3.0-rc.2");
    }

    [Fact]
    public void Promotion_WithoutStableRelease()
    {
        var d = VersionDecider.Decide(At("1.0.0-rc.1"), Conventional, [], []);

        d.Releasable.ShouldBeTrue();
        d.Next!.ToString().ShouldBe("1.0.0");
    }

    [Fact]
    public void Sprint_AlwaysMinor_EvenWithoutCommits()
    {
        var d = Decide(At("0.3.0"), new VersionRequest(BumpPolicy.Sprint));

        d.Next!.ToString().ShouldBe("0.4.0");
        d.Reason.ShouldContain("policy sprint");
    }

    [Theory]
    [InlineData("Major", "2.0.0")]
    [InlineData("Minor", "1.3.0")]
    [InlineData("Patch", "1.2.4")]
    public void ForcedPolicy_IgnoresCommitTypes(string policy, string expected) =>
        Decide(At("1.2.3"), new VersionRequest(Enum.Parse<BumpPolicy>(policy)), C("chore: a")).Next!.ToString().ShouldBe(expected);

    [Fact]
    public void ForcedPolicy_WithoutCommits_IsNothing() => Decide(At("1.2.3"), new VersionRequest(BumpPolicy.Patch)).Releasable.ShouldBeFalse();

    [Fact]
    public void ForcedBumpFlag_OverridesPolicy()
    {
        var d = Decide(At("1.2.3"), Conventional with { ForcedBump = BumpKind.Major }, C("fix: a"));

        d.Next!.ToString().ShouldBe("2.0.0");
        d.Reason.ShouldBe("major forced by --bump");
    }
}
