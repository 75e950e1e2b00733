using System.Globalization;
using Sluice.Core.Pipelines;
using Sluice.Core.Scheduling;
using static Sluice.Core.Tests.Scheduling.DocExamples;

namespace Sluice.Core.Tests.Scheduling;

/// <summary>Every example table of docs/schedules.md, executed.</summary>
public class DocsExamplesTests
{
    private const string Doc = "schedules.md";

    [Fact]
    public void CronExamples_FireAsDocumented()
    {
        foreach (var row in Rows(Doc, "schedule-next"))
        {
            var (cron, zone, after, expected) = (Single(row[0]), Single(row[1]), Single(row[2]), Code(row[3]));

            Zones.Next(cron, after, Zones.Find(zone), Math.Max(1, expected.Length)).ShouldBe(expected, $"`{cron}` in {zone} after {after}");
        }
    }

    [Fact]
    public void CronErrorExamples_ReportTheDocumentedError()
    {
        foreach (var row in Rows(Doc, "cron-errors"))
        {
            var cron = Single(row[0]);

            CronExpression.TryParse(cron, out _, out var error).ShouldBeFalse(cron);
            error.ShouldBe(row[1], cron);
        }
    }

    [Fact]
    public void CadenceExamples_FireAsDocumented()
    {
        foreach (var row in Rows(Doc, "cadence-next"))
        {
            var (every, start, zone, after, expected) = (Single(row[0]), Single(row[1]), Single(row[2]), Single(row[3]), Code(row[4]));
            Sluice.Core.Time.Duration.TryParse(every, out var interval, out var error).ShouldBeTrue(error);
            var startTime = DateTime.ParseExact(start, ["yyyy-MM-dd", "yyyy-MM-dd HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None);
            ScheduleCalculator.TryCreate(new ScheduleTrigger([], zone, new CadenceSpec(interval, startTime)), out var calculator, out error).ShouldBeTrue(error);

            var fires = calculator.GetNextFireTimes(Zones.At(after), expected.Length);

            fires.Select(f => Zones.Iso(f.At)).ShouldBe(expected, $"every {every} from {start} in {zone} after {after}");
        }
    }
}
