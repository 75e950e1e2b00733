using Sluice.Core.Pipelines;
using Sluice.Core.Scheduling;
using static Sluice.Core.Tests.Scheduling.Zones;

namespace Sluice.Core.Tests.Scheduling;

public class ScheduleCalculatorTests
{
    [Fact]
    public void GetNextFireTimes_MergesCronsAndCadenceInTimeOrder()
    {
        var trigger = new ScheduleTrigger(
            ["0 6 * * MON", "0 18 * * *"],
            "Europe/Berlin",
            new CadenceSpec(TimeSpan.FromDays(14), new DateTime(2026, 1, 5, 9, 0, 0)));
        var calculator = Create(trigger);

        var fires = calculator.GetNextFireTimes(At("2026-01-05T00:00+01:00"), 5);

        fires.Select(f => Iso(f.At)).ShouldBe(
            ["2026-01-05T06:00+01:00", "2026-01-05T09:00+01:00", "2026-01-05T18:00+01:00", "2026-01-06T18:00+01:00", "2026-01-07T18:00+01:00"]);
        fires.Select(f => string.Join(" | ", f.Sources)).ShouldBe(
            ["0 6 * * MON", "every 2w from 2026-01-05 09:00", "0 18 * * *", "0 18 * * *", "0 18 * * *"]);
    }

    [Fact]
    public void GetNextFireTimes_SameInstantFromSeveralSources_IsOneFireNamingAll()
    {
        var trigger = new ScheduleTrigger(["@daily", "0 0 * * *"], "UTC", new CadenceSpec(TimeSpan.FromDays(1), new DateTime(2026, 1, 1)));

        var fires = Create(trigger).GetNextFireTimes(At("2026-01-01T12:00Z"), 2);

        fires.Select(f => Iso(f.At)).ShouldBe(["2026-01-02T00:00+00:00", "2026-01-03T00:00+00:00"]);
        fires[0].Sources.ShouldBe(["@daily", "0 0 * * *", "every 1d from 2026-01-01"]);
    }

    [Fact]
    public void GetNextFireTime_IsTheEarliestOfAllSources()
    {
        var trigger = new ScheduleTrigger(["0 0 1 * *", "30 12 * * FRI"], "America/New_York", null);

        // The 1st has just passed; Friday the 2nd comes before February 1st.
        Iso(Create(trigger).GetNextFireTime(At("2026-01-01T00:00-05:00"))!.Value).ShouldBe("2026-01-02T12:30-05:00");
    }

    [Fact]
    public void EmptyTimezone_MeansUtc()
    {
        var calculator = Create(new ScheduleTrigger(["0 9 * * *"], "", null));

        calculator.Zone.ShouldBe(TimeZoneInfo.Utc);
        Iso(calculator.GetNextFireTime(At("2026-01-01T00:00Z"))!.Value).ShouldBe("2026-01-01T09:00+00:00");
    }

    [Fact]
    public void NeverFiringSchedule_HasNoNextFireTimes()
    {
        var calculator = Create(new ScheduleTrigger(["0 0 30 2 *"], "UTC", null));

        calculator.GetNextFireTime(At("2026-01-01T00:00Z")).ShouldBeNull();
        calculator.GetNextFireTimes(At("2026-01-01T00:00Z"), 3).ShouldBeEmpty();
    }

    [Fact]
    public void GetNextFireTimes_ZeroCount_IsEmpty() =>
        Create(new ScheduleTrigger(["* * * * *"], "UTC", null)).GetNextFireTimes(At("2026-01-01T00:00Z"), 0).ShouldBeEmpty();

    [Fact]
    public void TryCreate_ReportsEveryProblemTogether()
    {
        var trigger = new ScheduleTrigger(["61 * * * *", "0 9 * * *", "@reboot"], "Mars/Olympus_Mons", new CadenceSpec(TimeSpan.Zero, new DateTime(2026, 1, 1)));

        ScheduleCalculator.TryCreate(trigger, out var calculator, out var error).ShouldBeFalse();

        calculator.ShouldBeNull();
        error.ShouldBe(
            "unknown time zone `Mars/Olympus_Mons`; use an IANA id such as `UTC` or `Europe/Berlin`; "
            + "cron `61 * * * *`: minute: 61 is out of range 0-59; "
            + "cron `@reboot`: `@reboot` is not supported: schedules fire at times of day, not when a machine starts; "
            + "every: the interval must be positive, got `0s`");
    }

    [Fact]
    public void TryCreate_NothingToFire_IsAnError()
    {
        ScheduleCalculator.TryCreate(new ScheduleTrigger([], "UTC", null), out _, out var error).ShouldBeFalse();
        error.ShouldBe("the schedule has neither a cron expression nor an `every:` cadence, so it never fires");
    }

    private static ScheduleCalculator Create(ScheduleTrigger trigger)
    {
        ScheduleCalculator.TryCreate(trigger, out var calculator, out var error).ShouldBeTrue(error);
        return calculator;
    }
}
