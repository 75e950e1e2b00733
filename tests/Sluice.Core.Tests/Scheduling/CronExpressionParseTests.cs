using Sluice.Core.Scheduling;

namespace Sluice.Core.Tests.Scheduling;

public class CronExpressionParseTests
{
    private const string Fields = "minute hour day-of-month month day-of-week";

    [Theory]
    [InlineData("* * * * *")]
    [InlineData("  0   9 * * MON-FRI  ")]
    [InlineData("0\t9\t*\t*\t1-5")]
    [InlineData("*/15 0-6,18-23 1,15 JAN-JUN/2 0,7")]
    [InlineData("@yearly")]
    [InlineData("@ANNUALLY")]
    [InlineData("@monthly")]
    [InlineData("@weekly")]
    [InlineData("@Daily")]
    [InlineData("@midnight")]
    [InlineData("@hourly")]
    public void TryParse_ValidExpression_Succeeds(string text)
    {
        CronExpression.TryParse(text, out var cron, out var error).ShouldBeTrue(error);
        error.ShouldBeNull();
        cron!.Text.ShouldBe(text.Trim());
        cron.ToString().ShouldBe(text.Trim());
    }

    [Theory]
    [InlineData("", "empty cron expression; expected 5 fields: " + Fields)]
    [InlineData("   ", "empty cron expression; expected 5 fields: " + Fields)]
    [InlineData("*", "1 field given; expected 5: " + Fields)]
    [InlineData("* * * *", "4 fields given; expected 5: " + Fields)]
    [InlineData("0 * * * * *", "6 fields given; Sluice cron has exactly 5 fields (" + Fields + ") and no seconds or year field")]
    [InlineData("0 0 * * * * 2026", "7 fields given; Sluice cron has exactly 5 fields (" + Fields + ") and no seconds or year field")]
    [InlineData("* * * * * * * *", "8 fields given; expected 5: " + Fields)]
    [InlineData("0 9 * * MON, FRI", "lists are written without spaces: `MON, FRI` should be `MON,FRI`")]
    [InlineData("0 9 ,15 * * *", "lists are written without spaces: `9 ,15` should be `9,15`")]
    [InlineData("60 * * * *", "minute: 60 is out of range 0-59")]
    [InlineData("61 * * * *", "minute: 61 is out of range 0-59")]
    [InlineData("99999999999 * * * *", "minute: 99999999999 is out of range 0-59")]
    [InlineData("* 24 * * *", "hour: 24 is out of range 0-23")]
    [InlineData("* * 0 * *", "day-of-month: 0 is out of range 1-31")]
    [InlineData("* * 32 * *", "day-of-month: 32 is out of range 1-31")]
    [InlineData("* * * 0 *", "month: 0 is out of range 1-12")]
    [InlineData("* * * 13 *", "month: 13 is out of range 1-12")]
    [InlineData("* * * * 8", "day-of-week: 8 is out of range 0-7")]
    [InlineData("0-60 * * * *", "minute: 60 is out of range 0-59")]
    [InlineData("5-1 * * * *", "minute: range `5-1` is reversed (5 > 1); write the smaller value first")]
    [InlineData("* * * DEC-JAN *", "month: range `DEC-JAN` is reversed (12 > 1); write the smaller value first")]
    [InlineData("* * * * SAT-SUN", "day-of-week: range `SAT-SUN` is reversed (6 > 0); write the smaller value first (Sunday may be written 7 at the end of a range, e.g. 6-7)")]
    [InlineData("*/0 * * * *", "minute: step 0 in `*/0` is out of range 1-59")]
    [InlineData("*/60 * * * *", "minute: step 60 in `*/60` is out of range 1-59")]
    [InlineData("* 1-10/00 * * *", "hour: step 0 in `1-10/00` is out of range 1-23")]
    [InlineData("*/ * * * *", "minute: `*/` is missing the step after `/`")]
    [InlineData("*/x * * * *", "minute: step `x` in `*/x` is not a number")]
    [InlineData("*/-1 * * * *", "minute: step `-1` in `*/-1` is not a number")]
    [InlineData("1/2/3 * * * *", "minute: `1/2/3` has more than one `/`")]
    [InlineData("/5 * * * *", "minute: `/5` needs `*` or a value before `/`")]
    [InlineData("1,,2 * * * *", "minute: empty list item in `1,,2`")]
    [InlineData("1, * * * *", "minute: empty list item in `1,`")]
    [InlineData("* ,3 * * *", "hour: empty list item in `,3`")]
    [InlineData("1- * * * *", "minute: `1-` is not a valid range; write it as `a-b`, e.g. `0-59`")]
    [InlineData("-1 * * * *", "minute: `-1` is not a valid range; write it as `a-b`, e.g. `0-59`")]
    [InlineData("1-2-3 * * * *", "minute: `2-3` is not a valid value; use 0-59")]
    [InlineData("a * * * *", "minute: `a` is not a valid value; use 0-59")]
    [InlineData("** * * * *", "minute: `**` is not a valid value; use 0-59")]
    [InlineData("* * * FOO *", "month: `FOO` is not a valid value; use 1-12 or JAN-DEC")]
    [InlineData("* * * JANUARY *", "month: `JANUARY` is not a valid value; use 1-12 or JAN-DEC")]
    [InlineData("* * * * MONDAY", "day-of-week: `MONDAY` is not a valid value; use 0-7 or SUN-SAT")]
    [InlineData("* * * * JAN", "day-of-week: `JAN` is not a valid value; use 0-7 or SUN-SAT")]
    [InlineData("* * ? * *", "day-of-month: `?` is not a valid value; use 1-31 (Quartz-style `?`, `L`, `W` and `#` are not supported)")]
    [InlineData("* * L * *", "day-of-month: `L` is not a valid value; use 1-31 (Quartz-style `?`, `L`, `W` and `#` are not supported)")]
    [InlineData("* * 15W * *", "day-of-month: `15W` is not a valid value; use 1-31 (Quartz-style `?`, `L`, `W` and `#` are not supported)")]
    [InlineData("* * * * 5#3", "day-of-week: `5#3` is not a valid value; use 0-7 or SUN-SAT (Quartz-style `?`, `L`, `W` and `#` are not supported)")]
    [InlineData("* * * * 5L", "day-of-week: `5L` is not a valid value; use 0-7 or SUN-SAT (Quartz-style `?`, `L`, `W` and `#` are not supported)")]
    [InlineData("@reboot", "`@reboot` is not supported: schedules fire at times of day, not when a machine starts")]
    [InlineData("@fortnightly", "unknown macro `@fortnightly`; use @yearly, @annually, @monthly, @weekly, @daily, @midnight or @hourly")]
    [InlineData("@daily 0", "`@daily` stands for a whole expression and takes no fields after it")]
    public void TryParse_InvalidExpression_ReportsPreciseError(string text, string expected)
    {
        CronExpression.TryParse(text, out var cron, out var error).ShouldBeFalse();
        cron.ShouldBeNull();
        error.ShouldBe(expected);
    }

    [Fact]
    public void TryParse_Null_ReportsEmpty()
    {
        CronExpression.TryParse(null!, out _, out var error).ShouldBeFalse();
        error.ShouldStartWith("empty cron expression");
    }

    [Fact]
    public void Parse_Invalid_ThrowsFormatExceptionWithTheError() =>
        Should.Throw<FormatException>(() => CronExpression.Parse("61 * * * *"))
            .Message.ShouldBe("invalid cron `61 * * * *`: minute: 61 is out of range 0-59");

    [Fact]
    public void TryParse_SeveralBadFields_ReportsTheFirst()
    {
        CronExpression.TryParse("61 25 * * *", out _, out var error).ShouldBeFalse();
        error.ShouldBe("minute: 61 is out of range 0-59");
    }
}
