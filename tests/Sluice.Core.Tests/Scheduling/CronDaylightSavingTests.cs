using Sluice.Core.Scheduling;
using static Sluice.Core.Tests.Scheduling.Zones;

namespace Sluice.Core.Tests.Scheduling;

/// <summary>
/// 2026 transitions: Berlin springs forward 02:00 CET -> 03:00 CEST on March 29 and falls back
/// 03:00 CEST -> 02:00 CET on October 25; New York springs forward 02:00 EST -> 03:00 EDT on March 8
/// and falls back 02:00 EDT -> 01:00 EST on November 1.
/// </summary>
public class CronDaylightSavingTests
{
    [Fact]
    public void SpringForward_Berlin_SkippedTimeFiresOnceWhenTheClockJumps() =>
        Next("30 2 * * *", "2026-03-28T12:00+01:00", Berlin, 3).ShouldBe(
            ["2026-03-29T03:00+02:00", "2026-03-30T02:30+02:00", "2026-03-31T02:30+02:00"]);

    [Fact]
    public void SpringForward_Berlin_SeveralSkippedTimesCollapseIntoOneFire() =>
        Next("*/15 * * * *", "2026-03-29T01:45+01:00", Berlin, 3).ShouldBe(
            ["2026-03-29T03:00+02:00", "2026-03-29T03:15+02:00", "2026-03-29T03:30+02:00"]);

    [Fact]
    public void SpringForward_Berlin_SkippedHourAndFirstValidHourFireOnce() =>
        Next("0 2,3 * * *", "2026-03-29T00:00+01:00", Berlin, 2).ShouldBe(
            ["2026-03-29T03:00+02:00", "2026-03-30T02:00+02:00"]);

    [Fact]
    public void SpringForward_Berlin_TimesOutsideTheGapAreUnaffected() =>
        Next("0 1,4 * * *", "2026-03-29T00:00+01:00", Berlin, 2).ShouldBe(
            ["2026-03-29T01:00+01:00", "2026-03-29T04:00+02:00"]);

    [Fact]
    public void SpringForward_NewYork_SkippedTimeFiresAtThreeEdt() =>
        Next("30 2 * * *", "2026-03-07T12:00-05:00", NewYork, 3).ShouldBe(
            ["2026-03-08T03:00-04:00", "2026-03-09T02:30-04:00", "2026-03-10T02:30-04:00"]);

    [Fact]
    public void SpringForward_AfterTheJumpFire_DoesNotFireAgainForOtherSkippedTimes() =>
        // 03:00 CEST already stood in for 02:00-02:45; the next fire is 03:15, not another 03:00.
        Next("*/15 * * * *", "2026-03-29T03:00+02:00", Berlin, 1).ShouldBe(["2026-03-29T03:15+02:00"]);

    [Fact]
    public void FallBack_Berlin_RepeatedTimeFiresOnceOnItsFirstPass() =>
        Next("30 2 * * *", "2026-10-24T12:00+02:00", Berlin, 2).ShouldBe(
            ["2026-10-25T02:30+02:00", "2026-10-26T02:30+01:00"]);

    [Fact]
    public void FallBack_Berlin_RepeatedHourIsNotRunTwice() =>
        Next("*/30 * * * *", "2026-10-25T01:45+02:00", Berlin, 4).ShouldBe(
            ["2026-10-25T02:00+02:00", "2026-10-25T02:30+02:00", "2026-10-25T03:00+01:00", "2026-10-25T03:30+01:00"]);

    [Fact]
    public void FallBack_Berlin_AfterInsideTheSecondPass_WaitsForTheHourAfterIt() =>
        Next("*/30 * * * *", "2026-10-25T02:10+01:00", Berlin, 1).ShouldBe(["2026-10-25T03:00+01:00"]);

    [Fact]
    public void FallBack_Berlin_AfterInsideTheFirstPass_ContinuesTheFirstPass() =>
        Next("*/30 * * * *", "2026-10-25T02:10+02:00", Berlin, 2).ShouldBe(["2026-10-25T02:30+02:00", "2026-10-25T03:00+01:00"]);

    [Fact]
    public void FallBack_NewYork_RepeatedTimeFiresOnce() =>
        Next("30 1 * * *", "2026-10-31T12:00-04:00", NewYork, 2).ShouldBe(
            ["2026-11-01T01:30-04:00", "2026-11-02T01:30-05:00"]);

    [Fact]
    public void FallBack_NewYork_HourlyJobSkipsTheRepeatedHour() =>
        Next("0 * * * *", "2026-11-01T00:30-04:00", NewYork, 3).ShouldBe(
            ["2026-11-01T01:00-04:00", "2026-11-01T02:00-05:00", "2026-11-01T03:00-05:00"]);

    [Fact]
    public void DailyJob_KeepsItsWallClockTimeAcrossTheChange()
    {
        Next("0 9 * * *", "2026-03-28T00:00Z", Berlin, 2).ShouldBe(["2026-03-28T09:00+01:00", "2026-03-29T09:00+02:00"]);
        Next("0 9 * * *", "2026-10-31T00:00Z", NewYork, 2).ShouldBe(["2026-10-31T09:00-04:00", "2026-11-01T09:00-05:00"]);
    }

    [Fact]
    public void Utc_HasNoTransitions() =>
        Next("*/30 * * * *", "2026-10-25T00:45Z", Utc, 3).ShouldBe(
            ["2026-10-25T01:00+00:00", "2026-10-25T01:30+00:00", "2026-10-25T02:00+00:00"]);
}
