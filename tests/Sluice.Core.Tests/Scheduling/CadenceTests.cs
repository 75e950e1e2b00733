using Sluice.Core.Scheduling;
using static Sluice.Core.Tests.Scheduling.Zones;

namespace Sluice.Core.Tests.Scheduling;

public class CadenceTests
{
    // Monday 5 January 2026, 09:00 wall-clock time.
    private static readonly DateTime BiweeklyStart = new(2026, 1, 5, 9, 0, 0);

    [Fact]
    public void Biweekly_StaysAtNineAcrossSpringForward() =>
        Next(TimeSpan.FromDays(14), BiweeklyStart, "2026-03-01T00:00Z", Berlin, 3).ShouldBe(
            ["2026-03-02T09:00+01:00", "2026-03-16T09:00+01:00", "2026-03-30T09:00+02:00"]);

    [Fact]
    public void Biweekly_StaysAtNineAcrossFallBack() =>
        Next(TimeSpan.FromDays(14), BiweeklyStart, "2026-10-20T00:00Z", NewYork, 2).ShouldBe(
            ["2026-10-26T09:00-04:00", "2026-11-09T09:00-05:00"]);

    [Fact]
    public void BeforeTheStart_FirstOccurrenceIsTheStart() =>
        Next(TimeSpan.FromDays(14), BiweeklyStart, "2025-06-01T00:00Z", Berlin, 2).ShouldBe(
            ["2026-01-05T09:00+01:00", "2026-01-19T09:00+01:00"]);

    [Fact]
    public void ExactlyAtAnOccurrence_ReturnsTheNextOne() =>
        Next(TimeSpan.FromDays(14), BiweeklyStart, "2026-01-19T09:00+01:00", Berlin, 1).ShouldBe(["2026-02-02T09:00+01:00"]);

    [Fact]
    public void JustBeforeAnOccurrence_ReturnsIt() =>
        Next(TimeSpan.FromDays(14), BiweeklyStart, "2026-01-19T08:59:59+01:00", Berlin, 1).ShouldBe(["2026-01-19T09:00+01:00"]);

    [Fact]
    public void FarAfterTheStart_JumpsStraightToTheRightOccurrence() =>
        // 2036-01-07 is a Monday, 261 fortnights after the start.
        Next(TimeSpan.FromDays(14), BiweeklyStart, "2036-01-01T00:00Z", Berlin, 1).ShouldBe(["2036-01-07T09:00+01:00"]);

    [Fact]
    public void StartGivenAsDateOnly_FiresAtMidnight() =>
        Next(TimeSpan.FromDays(7), new DateTime(2026, 1, 5), "2026-01-05T00:00Z", Utc, 2).ShouldBe(
            ["2026-01-12T00:00+00:00", "2026-01-19T00:00+00:00"]);

    [Fact]
    public void StartKindIsIgnored_ItIsAlwaysWallClockTimeInTheZone() =>
        Next(TimeSpan.FromDays(1), new DateTime(2026, 1, 5, 9, 0, 0, DateTimeKind.Utc), "2026-01-01T00:00Z", Berlin, 1)
            .ShouldBe(["2026-01-05T09:00+01:00"]);

    [Fact]
    public void OccurrenceInSpringForwardGap_FiresWhenTheClockJumps() =>
        Next(TimeSpan.FromDays(1), new DateTime(2026, 3, 27, 2, 30, 0), "2026-03-28T12:00Z", Berlin, 2).ShouldBe(
            ["2026-03-29T03:00+02:00", "2026-03-30T02:30+02:00"]);

    [Fact]
    public void HourlyCadence_RepeatedHourFiresOnce() =>
        Next(TimeSpan.FromHours(1), new DateTime(2026, 10, 25, 0, 0, 0), "2026-10-24T00:00Z", Berlin, 5).ShouldBe(
            ["2026-10-25T00:00+02:00", "2026-10-25T01:00+02:00", "2026-10-25T02:00+02:00", "2026-10-25T03:00+01:00", "2026-10-25T04:00+01:00"]);

    [Fact]
    public void AfterInsideTheRepeatedHour_SkipsToTheNextWallClockOccurrence() =>
        Next(TimeSpan.FromMinutes(30), new DateTime(2026, 10, 25, 0, 0, 0), "2026-10-25T02:10+01:00", Berlin, 1)
            .ShouldBe(["2026-10-25T03:00+01:00"]);

    [Fact]
    public void NinetyMinuteCadence_CountsOnTheWallClock() =>
        Next(TimeSpan.FromMinutes(90), new DateTime(2026, 1, 1, 0, 0, 0), "2026-01-01T02:00Z", Utc, 3).ShouldBe(
            ["2026-01-01T03:00+00:00", "2026-01-01T04:30+00:00", "2026-01-01T06:00+00:00"]);

    [Fact]
    public void NearEndOfCalendar_ReturnsNull()
    {
        Cadence.TryCreate(TimeSpan.FromDays(365), new DateTime(2026, 1, 1), out var cadence, out _).ShouldBeTrue();
        cadence.GetNextOccurrence(At("9999-12-30T00:00Z"), Utc).ShouldBeNull();
    }

    [Theory]
    [InlineData(0, "every: the interval must be positive, got `0s`")]
    [InlineData(-3_600_000, "every: the interval must be positive, got `-1h`")]
    [InlineData(30_000, "every: the interval must be at least 1m, got `30s`")]
    public void TryCreate_TooShortInterval_ReportsIt(long milliseconds, string expected)
    {
        Cadence.TryCreate(TimeSpan.FromMilliseconds(milliseconds), BiweeklyStart, out var cadence, out var error).ShouldBeFalse();
        cadence.ShouldBeNull();
        error.ShouldBe(expected);
    }

    [Fact]
    public void ToString_DescribesIntervalAndStart()
    {
        Cadence.TryCreate(TimeSpan.FromDays(14), BiweeklyStart, out var withTime, out _).ShouldBeTrue();
        Cadence.TryCreate(TimeSpan.FromDays(7), new DateTime(2026, 1, 5), out var dateOnly, out _).ShouldBeTrue();

        withTime.ToString().ShouldBe("every 2w from 2026-01-05 09:00");
        dateOnly.ToString().ShouldBe("every 1w from 2026-01-05");
    }

    private static string[] Next(TimeSpan interval, DateTime start, string after, TimeZoneInfo zone, int count)
    {
        Cadence.TryCreate(interval, start, out var cadence, out var error).ShouldBeTrue(error);
        var result = new List<string>();
        var from = At(after);
        for (var i = 0; i < count && cadence.GetNextOccurrence(from, zone) is { } next; i++)
        {
            result.Add(Iso(next));
            from = next;
        }

        return [.. result];
    }
}
