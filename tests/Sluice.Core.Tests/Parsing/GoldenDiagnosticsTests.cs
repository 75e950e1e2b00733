using System.Text.RegularExpressions;
using Sluice.Core.Parsing;

namespace Sluice.Core.Tests.Parsing;

/// <summary>
/// Every file under Golden/bad starts with <c># expect: CODE line:col, ...</c>; parsing it must report exactly
/// those errors (code and position), no more and no fewer.
/// </summary>
public sealed partial class GoldenDiagnosticsTests
{
    public static TheoryData<string> BadFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Parsing", "Golden", "bad"), "*.yml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Fact]
    public void GoldenSet_HasAtLeastFortyBadFiles() => BadFiles().Count.ShouldBeGreaterThanOrEqualTo(40);

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Parse_BadFile_ReportsExactlyTheExpectedErrors(string name)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Parsing", "Golden", "bad", name));
        var expected = ExpectLine().Match(text).Groups[1].Value
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Order(StringComparer.Ordinal)
            .ToList();

        var result = PipelineParser.Parse(name, text);

        var actual = result.Diagnostics.Where(d => d.IsError)
            .Select(d => $"{d.Code} {d.Location.Line}:{d.Location.Column}")
            .Order(StringComparer.Ordinal)
            .ToList();
        actual.ShouldBe(expected, $"diagnostics were:\n{string.Join("\n", result.Diagnostics)}");
        result.IsValid.ShouldBeFalse();
        result.Diagnostics.ShouldAllBe(d => d.Location.File == name && d.Message.Length > 0);
    }

    [GeneratedRegex("^# expect: (.*)$", RegexOptions.Multiline)]
    private static partial Regex ExpectLine();
}
