using Sluice.Core.Scheduling;

namespace Sluice.Core.Tests.Scheduling;

public class CronFieldParserTests
{
    [Theory]
    [InlineData("*", "0-59")]
    [InlineData("5", "5")]
    [InlineData("05", "5")]
    [InlineData("0,30,59", "0,30,59")]
    [InlineData("10-14", "10,11,12,13,14")]
    [InlineData("*/15", "0,15,30,45")]
    [InlineData("1-30/5", "1,6,11,16,21,26")]
    [InlineData("5/10", "5,15,25,35,45,55")]
    [InlineData("0-4,2-6", "0,1,2,3,4,5,6")]
    [InlineData("59/7", "59")]
    [InlineData("*/59", "0,59")]
    public void Minute_SelectsValues(string text, string expected) =>
        Values(text, CronField.Minute).ShouldBe(Expand(expected));

    [Theory]
    [InlineData("*/6", "0,6,12,18")]
    [InlineData("9-17", "9,10,11,12,13,14,15,16,17")]
    [InlineData("23", "23")]
    public void Hour_SelectsValues(string text, string expected) =>
        Values(text, CronField.Hour).ShouldBe(Expand(expected));

    [Theory]
    [InlineData("*", "1-31")]
    [InlineData("*/10", "1,11,21,31")]
    [InlineData("1,15,31", "1,15,31")]
    public void DayOfMonth_SelectsValues(string text, string expected) =>
        Values(text, CronField.DayOfMonth).ShouldBe(Expand(expected));

    [Theory]
    [InlineData("JAN", "1")]
    [InlineData("dec", "12")]
    [InlineData("mAr-May", "3,4,5")]
    [InlineData("JAN-DEC/3", "1,4,7,10")]
    [InlineData("jan,Jul,12", "1,7,12")]
    [InlineData("*/2", "1,3,5,7,9,11")]
    public void Month_AcceptsNamesInAnyCase(string text, string expected) =>
        Values(text, CronField.Month).ShouldBe(Expand(expected));

    [Theory]
    [InlineData("SUN", "0")]
    [InlineData("mon-fri", "1,2,3,4,5")]
    [InlineData("Sat", "6")]
    [InlineData("7", "7")]
    [InlineData("5-7", "5,6,7")]
    [InlineData("0-7/2", "0,2,4,6")]
    public void DayOfWeek_AcceptsNamesAndSeven(string text, string expected) =>
        Values(text, CronField.DayOfWeek).ShouldBe(Expand(expected));

    [Fact]
    public void DayOfWeek_NamesAreNotMonths() =>
        CronFieldParser.TryParse("JAN", CronField.DayOfWeek, out _, out _).ShouldBeFalse();

    [Fact]
    public void Minute_HasNoNames() =>
        CronFieldParser.TryParse("MON", CronField.Minute, out _, out _).ShouldBeFalse();

    private static int[] Values(string text, CronField field)
    {
        CronFieldParser.TryParse(text, field, out var mask, out var error).ShouldBeTrue(error);
        return Enumerable.Range(0, 64).Where(v => (mask & (1UL << v)) != 0).ToArray();
    }

    private static int[] Expand(string spec) =>
        spec.Split(',').SelectMany(part =>
        {
            var bounds = part.Split('-').Select(int.Parse).ToArray();
            return Enumerable.Range(bounds[0], bounds[^1] - bounds[0] + 1);
        }).ToArray();
}
