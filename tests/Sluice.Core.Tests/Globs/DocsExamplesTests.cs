using System.Globalization;
using Sluice.Core.Globs;
using Sluice.Core.Time;
using static Sluice.Core.Tests.Scheduling.DocExamples;

namespace Sluice.Core.Tests.Globs;

/// <summary>Every example table of docs/globs-and-durations.md, executed.</summary>
public class DocsExamplesTests
{
    private const string Doc = "globs-and-durations.md";

    [Fact]
    public void GlobExamples_MatchAsDocumented()
    {
        foreach (var row in Rows(Doc, "glob-matches"))
        {
            var (pattern, name) = (Single(row[0]), Single(row[1]));

            Glob.Parse(pattern).IsMatch(name).ShouldBe(YesNo(row[2]), $"`{pattern}` against `{name}`");
        }
    }

    [Fact]
    public void GlobListExamples_SelectAsDocumented()
    {
        foreach (var row in Rows(Doc, "glob-lists"))
        {
            var (patterns, name) = (Code(row[0]), Single(row[1]));

            GlobList.Of(patterns).IsMatch(name).ShouldBe(YesNo(row[2]), $"[{string.Join(", ", patterns)}] against `{name}`");
        }
    }

    [Fact]
    public void GlobErrorExamples_ReportTheDocumentedError()
    {
        foreach (var row in Rows(Doc, "glob-errors"))
        {
            var pattern = Single(row[0]);

            Glob.TryParse(pattern, out _, out var error).ShouldBeFalse(pattern);
            error.ShouldBe(row[1], pattern);
        }
    }

    [Fact]
    public void DurationExamples_ParseAndPrintAsDocumented()
    {
        foreach (var row in Rows(Doc, "durations"))
        {
            var (written, value, printed) = (Single(row[0]), Single(row[1]), Single(row[2]));

            Duration.TryParse(written, out var parsed, out var error).ShouldBeTrue($"`{written}`: {error}");
            parsed.ShouldBe(TimeSpan.ParseExact(value, ["c", @"hh\:mm\:ss\.fff"], CultureInfo.InvariantCulture), written);
            Duration.Format(parsed).ShouldBe(printed, written);
        }
    }

    [Fact]
    public void DurationErrorExamples_ReportTheDocumentedError()
    {
        foreach (var row in Rows(Doc, "duration-errors"))
        {
            var written = Single(row[0]);

            Duration.TryParse(written, out _, out var error).ShouldBeFalse(written);
            error.ShouldBe(row[1], written);
        }
    }
}
