using Sluice.Core.Releases.Config;
using Sluice.Core.Releases.Sprints;
using Sluice.Core.Releases.Versioning;

namespace Sluice.Core.Tests.Releases;

public class SprintTests
{
    private static readonly SprintConfig Calendar = SprintConfig.Default with { Start = new DateOnly(2026, 1, 5) };

    private static DateTimeOffset At(int year, int month, int day, int hour = 9) => new(year, month, day, hour, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(2026, 1, 4, 0)]
    [InlineData(2026, 1, 5, 1)]
    [InlineData(2026, 1, 18, 1)]
    [InlineData(2026, 1, 19, 2)]
    [InlineData(2026, 12, 31, 26)]
    public void NumberAt_CountsCadencePeriodsFromStart(int y, int m, int d, int expected) =>
        SprintCalendar.NumberAt(new DateOnly(2026, 1, 5), TimeSpan.FromDays(14), At(y, m, d)).ShouldBe(expected);

    [Fact]
    public void NumberAt_UsesUtc() =>
        SprintCalendar.NumberAt(new DateOnly(2026, 1, 5), TimeSpan.FromDays(14), new DateTimeOffset(2026, 1, 19, 1, 0, 0, TimeSpan.FromHours(5))).ShouldBe(1);

    [Theory]
    [InlineData("s{n}", "s12", 12)]
    [InlineData("sprint/{n}-work", "sprint/3-work", 3)]
    [InlineData("s{n}", "s", null)]
    [InlineData("s{n}", "s01", null)]
    [InlineData("s{n}", "stable", null)]
    public void ParseBranch_ReadsNumber(string template, string branch, int? expected) => SprintCalendar.ParseBranch(template, branch).ShouldBe(expected);

    [Fact]
    public void Fill_ReplacesNumberAndPrevious() => SprintCalendar.Fill("Sprint {n} (after {previous})", 4).ShouldBe("Sprint 4 (after 3)");

    [Fact]
    public void Calendar_NoBranch_BootstrapsCurrentSprint()
    {
        var step = SprintRules.Decide(Calendar, new SprintState([], null, false, false, true), At(2026, 1, 6));

        step.ShouldBe(new SprintStep(SprintStepKind.Bootstrap, null, 1, "no sprint branch yet; opening sprint 1 (the sprint running now)"));
    }

    [Fact]
    public void Calendar_NewPeriod_RollsUp()
    {
        var step = SprintRules.Decide(Calendar, new SprintState([1, 2], SemVersion.Parse("0.1.0"), true, true, true), At(2026, 2, 2));

        (step.Kind, step.Close, step.Open).ShouldBe((SprintStepKind.RollUp, 2, 3));
    }

    [Fact]
    public void Calendar_SamePeriodAgain_DoesNothing() =>
        SprintRules.Decide(Calendar, new SprintState([3], null, false, true, true), At(2026, 2, 3)).Kind.ShouldBe(SprintStepKind.Nothing);

    [Fact]
    public void Calendar_BranchWithoutPullRequest_OpensItOnly() =>
        SprintRules.Decide(Calendar, new SprintState([3], null, false, false, false), At(2026, 2, 3)).Kind.ShouldBe(SprintStepKind.OpenPullRequest);

    [Fact]
    public void Calendar_BeforeStart_DoesNothing() =>
        SprintRules.Decide(Calendar, new SprintState([], null, false, false, true), At(2025, 12, 1)).Kind.ShouldBe(SprintStepKind.Nothing);

    [Fact]
    public void Version_NoBranch_BootstrapsAfterLastMinor() =>
        SprintRules.Decide(SprintConfig.Default, new SprintState([], SemVersion.Parse("0.3.0"), true, false, true), At(2026, 1, 1)).Open.ShouldBe(4);

    [Fact]
    public void Version_NoBranchNoRelease_BootstrapsS1() =>
        SprintRules.Decide(SprintConfig.Default, new SprintState([], null, false, false, true), At(2026, 1, 1)).Open.ShouldBe(1);

    [Fact]
    public void Version_WorkInSprint_RollsUp()
    {
        var step = SprintRules.Decide(SprintConfig.Default, new SprintState([1, 2], SemVersion.Parse("0.1.0"), true, true, true), At(2026, 1, 1));

        (step.Kind, step.Close, step.Open).ShouldBe((SprintStepKind.RollUp, 2, 3));
    }

    [Fact]
    public void Version_NothingSinceLastRollup_DoesNothing()
    {
        SprintRules.Decide(SprintConfig.Default, new SprintState([2], SemVersion.Parse("0.1.0"), true, false, true), At(2026, 1, 1)).Kind.ShouldBe(SprintStepKind.Nothing);
        SprintRules.Decide(SprintConfig.Default, new SprintState([1], null, false, false, true), At(2026, 1, 1)).Kind.ShouldBe(SprintStepKind.Nothing);
    }

    [Fact]
    public void Version_UnreleasedWorkOnMain_RollsUp() =>
        SprintRules.Decide(SprintConfig.Default, new SprintState([2], SemVersion.Parse("0.1.0"), false, false, true), At(2026, 1, 1)).Kind.ShouldBe(SprintStepKind.RollUp);
}
