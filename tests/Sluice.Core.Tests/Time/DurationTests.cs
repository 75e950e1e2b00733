using Sluice.Core.Time;

namespace Sluice.Core.Tests.Time;

public class DurationTests
{
    [Theory]
    [InlineData("90s", 90_000)]
    [InlineData("10m", 600_000)]
    [InlineData("2h", 7_200_000)]
    [InlineData("7d", 604_800_000)]
    [InlineData("2w", 1_209_600_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("500ms", 500)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1w2d3h4m5s6ms", 788_645_006)]
    [InlineData("1d24h", 172_800_000)]
    [InlineData("0s", 0)]
    [InlineData("007m", 420_000)]
    [InlineData("  10m\t", 600_000)]
    [InlineData("1000000ms", 1_000_000)]
    public void TryParse_Valid_ReturnsTheDuration(string text, long milliseconds)
    {
        Duration.TryParse(text, out var value, out var error).ShouldBeTrue(error);
        error.ShouldBeNull();
        value.ShouldBe(TimeSpan.FromMilliseconds(milliseconds));
    }

    [Fact]
    public void TryParse_LargestParts_DoNotOverflow()
    {
        Duration.TryParse("1000000w1000000d", out var value, out var error).ShouldBeTrue(error);
        value.ShouldBe(TimeSpan.FromDays(8_000_000));
    }

    [Theory]
    [InlineData(null, "empty duration; write e.g. `90s`, `10m` or `1h30m`")]
    [InlineData("", "empty duration; write e.g. `90s`, `10m` or `1h30m`")]
    [InlineData("  ", "empty duration; write e.g. `90s`, `10m` or `1h30m`")]
    [InlineData("90", "`90` has no unit; write e.g. `90s`, `90m` or `90h`")]
    [InlineData(" 5 ", "`5` has no unit; write e.g. `5s`, `5m` or `5h`")]
    [InlineData("1h30", "`1h30` ends in a number without a unit; write e.g. `1h30m`")]
    [InlineData("10x", "unknown unit `x` in `10x`; use ms, s, m, h, d or w")]
    [InlineData("10H", "unknown unit `H` in `10H`; use ms, s, m, h, d or w")]
    [InlineData("10sec", "unknown unit `sec` in `10sec`; use ms, s, m, h, d or w")]
    [InlineData("1y", "unknown unit `y` in `1y`; use ms, s, m, h, d or w")]
    [InlineData("30m1h", "`30m1h`: units must go from largest to smallest, each once (e.g. `1h30m`)")]
    [InlineData("1s1m", "`1s1m`: units must go from largest to smallest, each once (e.g. `1h30m`)")]
    [InlineData("1h1h", "`1h1h`: units must go from largest to smallest, each once (e.g. `1h30m`)")]
    [InlineData("5ms1s", "`5ms1s`: units must go from largest to smallest, each once (e.g. `1h30m`)")]
    [InlineData("1.5h", "`1.5h` is not a whole number; use a smaller unit instead, e.g. `1h30m` for 1.5 hours")]
    [InlineData("1h 30m", "`1h 30m` contains a space; write the parts together, e.g. `1h30m`")]
    [InlineData("-5s", "`-5s`: a duration has no sign")]
    [InlineData("h", "unexpected `h` at position 1 in `h`; a duration is e.g. `90s`, `10m` or `1h30m`")]
    [InlineData("5µs", "unexpected `µ` at position 2 in `5µs`; a duration is e.g. `90s`, `10m` or `1h30m`")]
    [InlineData("2000000s", "`2000000` is too large; a part may be at most 1000000")]
    [InlineData("99999999999999999999999s", "`99999999999999999999999` is too large; a part may be at most 1000000")]
    public void TryParse_Invalid_ReportsPreciseError(string? text, string expected)
    {
        Duration.TryParse(text, out var value, out var error).ShouldBeFalse();
        value.ShouldBe(TimeSpan.Zero);
        error.ShouldBe(expected);
    }

    [Theory]
    [InlineData(90_000, "1m30s")]
    [InlineData(5_400_000, "1h30m")]
    [InlineData(0, "0s")]
    [InlineData(500, "500ms")]
    [InlineData(1_209_600_000, "2w")]
    [InlineData(1_296_000_000, "2w1d")]
    [InlineData(788_645_006, "1w2d3h4m5s6ms")]
    [InlineData(86_400_001, "1d1ms")]
    public void Format_WritesLargestUnitsFirst(long milliseconds, string expected) =>
        Duration.Format(TimeSpan.FromMilliseconds(milliseconds)).ShouldBe(expected);

    [Fact]
    public void Format_DropsPartsSmallerThanAMillisecond()
    {
        Duration.Format(TimeSpan.FromTicks(15_000)).ShouldBe("1ms");
        Duration.Format(TimeSpan.FromTicks(1)).ShouldBe("0s");
    }

    [Fact]
    public void Format_Negative_Throws() =>
        Should.Throw<ArgumentOutOfRangeException>(() => Duration.Format(TimeSpan.FromSeconds(-1)));

    [Theory]
    [InlineData("1m30s")]
    [InlineData("1h30m")]
    [InlineData("2w")]
    [InlineData("1w2d3h4m5s6ms")]
    [InlineData("500ms")]
    [InlineData("0s")]
    public void Format_OfParsedCanonicalText_GivesItBack(string text)
    {
        Duration.TryParse(text, out var value, out _).ShouldBeTrue();
        Duration.Format(value).ShouldBe(text);
    }

    [Fact]
    public void Parse_OfFormat_RoundTripsRandomDurations()
    {
        var random = new Random(42);
        for (var i = 0; i < 2000; i++)
        {
            // Whole milliseconds up to ~3 years, biased towards small values.
            var value = TimeSpan.FromMilliseconds(random.NextInt64(0, 1L << random.Next(1, 37)));

            var text = Duration.Format(value);

            Duration.TryParse(text, out var parsed, out var error).ShouldBeTrue($"`{text}`: {error}");
            parsed.ShouldBe(value, text);
        }
    }
}
