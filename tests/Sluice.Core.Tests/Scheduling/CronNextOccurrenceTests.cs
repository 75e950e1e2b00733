using System.Diagnostics;
using Sluice.Core.Scheduling;
using static Sluice.Core.Tests.Scheduling.Zones;

namespace Sluice.Core.Tests.Scheduling;

public class CronNextOccurrenceTests
{
    [Theory]
    [InlineData("* * * * *", "2026-01-01T10:00:30Z", "2026-01-01T10:01+00:00")]
    [InlineData("* * * * *", "2026-01-01T10:00:00Z", "2026-01-01T10:01+00:00")]
    [InlineData("0 10 * * *", "2026-01-01T10:00:00Z", "2026-01-02T10:00+00:00")]
    [InlineData("0 10 * * *", "2026-01-01T09:59:59.999Z", "2026-01-01T10:00+00:00")]
    [InlineData("*/15 * * * *", "2026-01-01T10:14Z", "2026-01-01T10:15+00:00")]
    [InlineData("*/15 * * * *", "2026-01-01T10:45Z", "2026-01-01T11:00+00:00")]
    [InlineData("0 0 * * *", "2026-01-01T23:59Z", "2026-01-02T00:00+00:00")]
    [InlineData("59 23 31 12 *", "2026-06-01T00:00Z", "2026-12-31T23:59+00:00")]
    [InlineData("59 23 31 12 *", "2026-12-31T23:59Z", "2027-12-31T23:59+00:00")]
    [InlineData("0 0 1 * *", "2026-12-15T00:00Z", "2027-01-01T00:00+00:00")]
    [InlineData("30 9 * * MON-FRI", "2026-01-02T09:30Z", "2026-01-05T09:30+00:00")]
    [InlineData("0 6,18 * * *", "2026-01-01T06:00Z", "2026-01-01T18:00+00:00")]
    [InlineData("5/20 * * * *", "2026-01-01T10:46Z", "2026-01-01T11:05+00:00")]
    [InlineData("0 0 1 JAN-MAR/2 *", "2026-01-01T00:00Z", "2026-03-01T00:00+00:00")]
    [InlineData("0 12 * * *", "2026-01-01T10:00+05:00", "2026-01-01T12:00+00:00")]
    public void GetNextOccurrence_Utc_ReturnsFirstFireStrictlyAfter(string cron, string after, string expected) =>
        Iso(CronExpression.Parse(cron).GetNextOccurrence(At(after), Utc)!.Value).ShouldBe(expected);

    [Fact]
    public void GetNextOccurrence_EndOfMonth_SkipsMonthsWithoutThatDay() =>
        Next("0 0 31 * *", "2026-01-31T00:00Z", Utc, 4).ShouldBe(
            ["2026-03-31T00:00+00:00", "2026-05-31T00:00+00:00", "2026-07-31T00:00+00:00", "2026-08-31T00:00+00:00"]);

    [Fact]
    public void GetNextOccurrence_LeapDay_WaitsForTheNextLeapYear() =>
        Next("0 0 29 2 *", "2024-03-01T00:00Z", Utc, 3).ShouldBe(
            ["2028-02-29T00:00+00:00", "2032-02-29T00:00+00:00", "2036-02-29T00:00+00:00"]);

    [Fact]
    public void GetNextOccurrence_LeapDay_SkipsCenturyNonLeapYear() =>
        Next("0 0 29 2 *", "2099-06-01T00:00Z", Utc, 1).ShouldBe(["2104-02-29T00:00+00:00"]);

    [Theory]
    [InlineData("0 0 30 2 *")]
    [InlineData("0 0 31 4,6,9,11 *")]
    [InlineData("0 0 31 2 *")]
    public void GetNextOccurrence_DateThatNeverExists_ReturnsNull(string cron) =>
        CronExpression.Parse(cron).GetNextOccurrence(At("2026-01-01T00:00Z"), Utc).ShouldBeNull();

    [Fact]
    public void GetNextOccurrence_LeapDayMoreThanFiveYearsAway_ReturnsNull() =>
        // 2100 is not a leap year: after 2096-02-29 the next one is 2104, beyond the search horizon.
        CronExpression.Parse("0 0 29 2 *").GetNextOccurrence(At("2098-01-01T00:00Z"), Utc).ShouldBeNull();

    [Fact]
    public void GetNextOccurrence_BothDayFieldsRestricted_MatchesEither() =>
        // 2026-01-02 and -09 are Fridays, the 13th is a Tuesday.
        Next("0 0 13 * FRI", "2026-01-01T00:00Z", Utc, 4).ShouldBe(
            ["2026-01-02T00:00+00:00", "2026-01-09T00:00+00:00", "2026-01-13T00:00+00:00", "2026-01-16T00:00+00:00"]);

    [Fact]
    public void GetNextOccurrence_FirstOfMonthOrMonday_MatchesEither() =>
        Next("0 0 1 * MON", "2026-01-27T00:00Z", Utc, 3).ShouldBe(
            ["2026-02-01T00:00+00:00", "2026-02-02T00:00+00:00", "2026-02-09T00:00+00:00"]);

    [Fact]
    public void GetNextOccurrence_DayOfMonthStartsWithStar_MatchesBoth() =>
        // `*/2` counts as unrestricted (Vixie cron): Mondays that fall on an odd day of the month.
        Next("0 0 */2 * MON", "2026-01-01T00:00Z", Utc, 3).ShouldBe(
            ["2026-01-05T00:00+00:00", "2026-01-19T00:00+00:00", "2026-02-09T00:00+00:00"]);

    [Fact]
    public void GetNextOccurrence_DayOfWeekStar_UsesDayOfMonthOnly() =>
        Next("0 0 15 * *", "2026-01-01T00:00Z", Utc, 2).ShouldBe(["2026-01-15T00:00+00:00", "2026-02-15T00:00+00:00"]);

    [Fact]
    public void GetNextOccurrence_DayOfMonthStar_UsesDayOfWeekOnly() =>
        Next("0 0 * * WED", "2026-01-01T00:00Z", Utc, 2).ShouldBe(["2026-01-07T00:00+00:00", "2026-01-14T00:00+00:00"]);

    [Theory]
    [InlineData("0 0 * * 0")]
    [InlineData("0 0 * * 7")]
    [InlineData("0 0 * * sun")]
    public void GetNextOccurrence_SundayAsZeroSevenOrName_FiresOnSunday(string cron) =>
        Next(cron, "2026-01-01T00:00Z", Utc, 2).ShouldBe(["2026-01-04T00:00+00:00", "2026-01-11T00:00+00:00"]);

    [Fact]
    public void GetNextOccurrence_FridayToSunday_IncludesSundaySeven() =>
        Next("0 0 * * 5-7", "2026-01-01T00:00Z", Utc, 4).ShouldBe(
            ["2026-01-02T00:00+00:00", "2026-01-03T00:00+00:00", "2026-01-04T00:00+00:00", "2026-01-09T00:00+00:00"]);

    [Theory]
    [InlineData("@yearly", "2027-01-01T00:00+00:00")]
    [InlineData("@annually", "2027-01-01T00:00+00:00")]
    [InlineData("@monthly", "2026-06-01T00:00+00:00")]
    [InlineData("@weekly", "2026-05-17T00:00+00:00")]
    [InlineData("@daily", "2026-05-14T00:00+00:00")]
    [InlineData("@midnight", "2026-05-14T00:00+00:00")]
    [InlineData("@hourly", "2026-05-13T11:00+00:00")]
    public void GetNextOccurrence_Macro_ExpandsToItsExpression(string macro, string expected) =>
        // 2026-05-13 is a Wednesday.
        Iso(CronExpression.Parse(macro).GetNextOccurrence(At("2026-05-13T10:20Z"), Utc)!.Value).ShouldBe(expected);

    [Fact]
    public void GetNextOccurrence_InZone_ResultCarriesTheZoneOffset()
    {
        Next("0 9 * * *", "2026-01-10T00:00Z", Berlin, 1).ShouldBe(["2026-01-10T09:00+01:00"]);
        Next("0 9 * * *", "2026-07-10T00:00Z", Berlin, 1).ShouldBe(["2026-07-10T09:00+02:00"]);
    }

    [Fact]
    public void GetNextOccurrence_AfterIsReadInTheZone()
    {
        // 23:30 UTC on Jan 9 is already 00:30 on Jan 10 in Berlin, so today's midnight has passed.
        Next("0 0 * * *", "2026-01-09T23:30Z", Berlin, 1).ShouldBe(["2026-01-11T00:00+01:00"]);
    }

    [Fact]
    public void GetNextOccurrence_NearEndOfCalendar_ReturnsNullInsteadOfOverflowing()
    {
        CronExpression.Parse("* * * * *").GetNextOccurrence(DateTimeOffset.MaxValue, Utc).ShouldBeNull();
        CronExpression.Parse("0 0 1 1 *").GetNextOccurrence(At("9999-06-01T00:00Z"), NewYork).ShouldBeNull();
        Iso(CronExpression.Parse("* * * * *").GetNextOccurrence(DateTimeOffset.MinValue, NewYork)!.Value).ShouldStartWith("0001-01-0");
    }

    [Fact]
    public void GetNextOccurrence_RareSchedules_SkipByFieldsNotByMinutes()
    {
        // A minute-by-minute scan would test 2.6 million minutes per call for the impossible date.
        var never = CronExpression.Parse("0 0 30 2 *");
        var leap = CronExpression.Parse("59 23 29 2 *");
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 200; i++)
        {
            never.GetNextOccurrence(At("2026-01-01T00:00Z").AddDays(i), Berlin).ShouldBeNull();
            leap.GetNextOccurrence(At("2025-03-01T00:00Z").AddDays(i), NewYork).ShouldNotBeNull();
        }

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
    }
}
