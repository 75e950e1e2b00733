using System.Reflection;
using Sluice.Core.Deployments;
using Sluice.Core.Parsing;

namespace Sluice.Core.Tests.Deployments;

/// <summary>
/// docs/deployments.md is a specification: its environments files and pipelines parse without a diagnostic, its
/// reference table names every key the environments parser knows, and what it says about Linear presets holds.
/// </summary>
public sealed class DeploymentsDocTests
{
    private static string[] Lines() => File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "docs", "deployments.md"));

    private static List<(int Line, string Info, string Text)> Blocks()
    {
        var lines = Lines();
        var blocks = new List<(int, string, string)>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("```", StringComparison.Ordinal) || lines[i].Length == 3)
            {
                continue;
            }

            var end = Array.FindIndex(lines, i + 1, l => l == "```");
            blocks.Add((i + 1, lines[i][3..], string.Join('\n', lines[(i + 1)..end]) + "\n"));
            i = end;
        }

        return blocks;
    }

    public static TheoryData<int> YamlBlocks()
    {
        var data = new TheoryData<int>();
        foreach (var block in Blocks().Where(b => b.Info == "yaml"))
        {
            data.Add(block.Line);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(YamlBlocks))]
    public void Example_ParsesWithoutDiagnostics(int line)
    {
        var text = Blocks().Single(b => b.Line == line).Text;

        var diagnostics = text.StartsWith("environments:", StringComparison.Ordinal) || text.StartsWith("teams:", StringComparison.Ordinal)
            ? EnvironmentsParser.Parse(".sluice/environments.yml", text).Diagnostics
            : PipelineParser.Parse(".sluice/ci.yml", text).Diagnostics;

        diagnostics.ShouldBeEmpty($"deployments.md line {line}");
    }

    [Fact]
    public void ReferenceTable_NamesEveryKeyTheParserKnows()
    {
        var reader = typeof(EnvironmentsParser).Assembly.GetType("Sluice.Core.Deployments.EnvironmentReader")!;
        string[] Keys(string field) => (string[])reader.GetField(field, BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;
        var documented = Lines().Where(l => l.StartsWith("| `", StringComparison.Ordinal)).Select(l => l.Split('`')[1]).ToHashSet(StringComparer.Ordinal);

        string[] expected = ["teams", "environments", .. Keys("EnvironmentKeys").Where(k => k is not ("approval" or "notify")),
            .. Keys("ApprovalKeys").Select(k => "approval." + k), .. Keys("NotifyKeys").Select(k => "notify." + k)];

        expected.Where(k => !documented.Contains(k)).ShouldBeEmpty();
    }

    [Fact]
    public void Linear_ReachesOneHundredPercentAfterNineIntervals_AsDocumented()
    {
        StrategyPresets.TryCompile("Linear10PercentEvery1Minute", out var steps, out _).ShouldBeTrue();

        steps.Count(s => s.Pause is not null).ShouldBe(9);
        steps[^1].ShiftPercent.ShouldBe(100);
        string.Join(' ', Lines()).ShouldContain("**Linear reaches 100% after 9 intervals, not 10**");
    }
}
