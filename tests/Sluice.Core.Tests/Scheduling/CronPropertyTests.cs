using Sluice.Core.Scheduling;

namespace Sluice.Core.Tests.Scheduling;

/// <summary>
/// Seeded random expressions and instants: the field-skipping search must agree with the naive
/// minute-by-minute <see cref="ReferenceCron"/> on every one. A failure prints the seed's case.
/// </summary>
public class CronPropertyTests
{
    [Fact]
    public void GetNextOccurrence_Utc_AgreesWithMinuteByMinuteReference()
    {
        var random = new Random(20260105);
        var start = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 2000; i++)
        {
            var reference = ReferenceCron.Random(random);
            var after = start.AddMinutes(random.NextInt64(0, 40L * 366 * 24 * 60)).AddSeconds(random.Next(60));
            CronExpression.TryParse(reference.Text, out var cron, out var error).ShouldBeTrue($"`{reference.Text}`: {error}");

            var actual = cron.GetNextOccurrence(after, TimeZoneInfo.Utc);

            actual.ShouldBe(reference.NextUtc(after), $"case {i}: `{reference.Text}` after {after:O}");
        }
    }

    [Theory]
    [InlineData("Europe/Berlin", 20260329)]
    [InlineData("America/New_York", 20261101)]
    [InlineData("Australia/Lord_Howe", 20260405)]
    public void GetNextOccurrence_AroundDstTransitions_AgreesWithInstantByInstantReference(string zoneId, int seed)
    {
        // Lord Howe shifts by half an hour, which exercises gaps and overlaps that are not whole hours.
        var zone = Zones.Find(zoneId);
        var random = new Random(seed);
        var transitions = Transitions(zone, 2024, 2030);
        transitions.Count.ShouldBeGreaterThan(10);
        for (var i = 0; i < 200; i++)
        {
            var reference = ReferenceCron.Random(random, nearNight: true);
            var transition = transitions[random.Next(transitions.Count)];
            var after = transition.AddMinutes(random.Next(-36 * 60, 6 * 60)).AddSeconds(random.Next(60));
            var cron = CronExpression.Parse(reference.Text);

            var actual = cron.GetNextOccurrence(after, zone);

            // The reference only scans 15 days; compare whenever either side fires within that window.
            var expected = reference.NextInZone(after, zone, TimeSpan.FromDays(15));
            if (expected is null && actual is { } a && a > after.AddDays(15))
            {
                continue;
            }

            actual.ShouldBe(expected, $"case {i}: `{reference.Text}` after {after:O} in {zoneId}");
        }
    }

    /// <summary>Instants where the zone's UTC offset changes, found by bisecting hourly samples.</summary>
    private static List<DateTimeOffset> Transitions(TimeZoneInfo zone, int fromYear, int toYear)
    {
        var result = new List<DateTimeOffset>();
        var t = new DateTime(fromYear, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var end = new DateTime(toYear, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (; t < end; t = t.AddHours(1))
        {
            if (zone.GetUtcOffset(t) != zone.GetUtcOffset(t.AddHours(1)))
            {
                var (low, high) = (t, t.AddHours(1));
                while (high - low > TimeSpan.FromMinutes(1))
                {
                    var mid = low.AddTicks((high - low).Ticks / 2);
                    (low, high) = zone.GetUtcOffset(mid) == zone.GetUtcOffset(low) ? (mid, high) : (low, mid);
                }

                result.Add(new DateTimeOffset(high));
            }
        }

        return result;
    }
}
